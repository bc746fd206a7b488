package io.cloudroutes.crweb.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.StatusPageLimits;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.reactions.testing.BindServer;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A status page's custom domain is served only once its team has proved it with a TXT record, looked up at a real
 * BIND on loopback that serves the zone {@value BindServer#ZONE}; records are changed there with signed updates.
 */
@Import(TestClock.InPlace.class)
class CustomDomainProofTest extends SignedInPeople {

    private static BindServer bind;

    @Autowired
    StatusPageRepository pages;

    @Autowired
    DomainProofs proofs;

    @Autowired
    TestClock clock;

    @DynamicPropertySource
    static void resolverIsTheLoopbackBind(DynamicPropertyRegistry registry) throws IOException {
        if (bind == null) {
            bind = BindServer.start();
        }
        registry.add("cloudroutes.status-pages.dns-resolvers", bind::address);
        registry.add("cloudroutes.status-pages.dns-timeout", () -> "2s");
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
            bind = null;
        }
    }

    /** A fresh domain in the served zone, and a slug for its page. */
    private static String domain() {
        return "status-" + UUID.randomUUID().toString().substring(0, 8) + "." + BindServer.ZONE;
    }

    private static String slug() {
        return "proof-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Replaces the TXT records at the domain's challenge name with {@code values} (none: removes them). */
    private static void publishTxt(String domain, String... values) throws IOException {
        Name zone = Name.fromString(BindServer.ZONE, Name.root);
        Name name = Name.fromString(ChallengeLookup.challengeName(domain), Name.root);
        Update update = new Update(zone);
        update.delete(name, Type.TXT);
        for (String value : values) {
            update.add(new TXTRecord(name, DClass.IN, 60, value));
        }
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", bind.port()));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(5));
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, BindServer.KEY_NAME, bind.keySecret()));
        Message response = resolver.send(update);
        assertThat(Rcode.string(response.getRcode())).as(bind.log()).isEqualTo("NOERROR");
    }

    private MockHttpServletRequestBuilder pageForm(String path, String slug, String domain, long... monitorIds) {
        return pageForm(path, slug, domain, true, monitorIds);
    }

    private MockHttpServletRequestBuilder pageForm(
            String path, String slug, String domain, boolean published, long... monitorIds) {
        MockHttpServletRequestBuilder form = post(path)
                .with(csrf())
                .param("slug", slug)
                .param("title", "Acme status")
                .param("timeZone", "UTC")
                .param("groups", "Website")
                .param("published", String.valueOf(published))
                .param("customDomain", domain);
        for (long id : monitorIds) {
            form.param("placement[" + id + "]", "Website").param("position[" + id + "]", "1");
        }
        return form;
    }

    private StatusPage claim(RequestPostProcessor who, String domain, long... monitorIds) throws Exception {
        String slug = slug();
        mvc.perform(pageForm("/status-pages", slug, domain, monitorIds).with(who))
                .andExpect(status().is3xxRedirection());
        return pages.findBySlug(slug).orElseThrow();
    }

    private String verify(RequestPostProcessor who, StatusPage page) throws Exception {
        return (String) mvc.perform(post("/status-pages/" + page.getId() + "/domain/verify")
                        .with(csrf())
                        .with(who))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getFlashMap()
                .get("notice");
    }

    private StatusPage reread(StatusPage page) {
        return pages.findById(page.getId()).orElseThrow();
    }

    private List<String> auditActions(StatusPage page) {
        return jdbc.queryForList(
                "select action from audit_events where target_type = 'status-page' and target_id = ? order by id",
                String.class,
                page.getId());
    }

    @Test
    void aPendingDomainIsNotServedAndItsSettingsSayWhatToPublish() throws Exception {
        String domain = domain();
        StatusPage page = claim(alice, domain, aliceMonitor().getId());
        assertThat(page.getDomainToken()).hasSize(32);
        assertThat(page.isDomainVerified()).isFalse();

        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/status.json").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/status-pages/" + page.getId() + "/edit").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Pending:")))
                .andExpect(content().string(containsString("_cloudroutes-challenge." + domain)))
                .andExpect(content().string(containsString("cloudroutes-domain-verification=" + page.getDomainToken())))
                .andExpect(content().string(containsString(">cloudroutes.example.com<")))
                .andExpect(content().string(containsString("data-copy-target=\"challenge-value\"")))
                .andExpect(content().string(containsString("Verify now")));
    }

    @Test
    void aPublishedTxtRecordVerifiesTheDomainWhichThenServesThePage() throws Exception {
        Monitor shop = aliceMonitor();
        String domain = domain();
        StatusPage page = claim(alice, domain, shop.getId());
        publishTxt(domain, "cloudroutes-domain-verification=" + page.getDomainToken());

        assertThat(verify(alice, page)).isEqualTo("Verified " + domain + ": the page is served there.");
        assertThat(reread(page).getDomainVerifiedAt()).isEqualTo(clock.instant());
        assertThat(auditActions(page)).contains("status-page.domain-verified");

        // the domain is compared without case, as a browser sends it
        mvc.perform(get("/").header(HttpHeaders.HOST, domain.toUpperCase()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<h2>Website</h2>")))
                .andExpect(content().string(containsString("alice&#39;s api")))
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE));
        mvc.perform(get("/status.json").header(HttpHeaders.HOST, domain))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.groups[0].monitors[0].name").value(shop.getName()));
        // another host, or another path of the domain: the app as always (its dashboard wants a log-in)
        mvc.perform(get("/").header(HttpHeaders.HOST, "other-" + domain)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/monitors").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/status-pages/" + page.getId() + "/edit").with(alice))
                .andExpect(content().string(containsString("Verified:")));

        // unpublished, the domain serves nothing of it any more
        mvc.perform(pageForm("/status-pages/" + page.getId(), page.getSlug(), domain, false, shop.getId())
                        .with(alice))
                .andExpect(status().is3xxRedirection());
        assertThat(reread(page).isDomainVerified())
                .as("same domain, still proved")
                .isTrue();
        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
    }

    @Test
    void aWrongTokenOrNoRecordLeavesTheDomainPendingAndSaysWhatToFix() throws Exception {
        String domain = domain();
        StatusPage page = claim(alice, domain);
        String expected = "cloudroutes-domain-verification=" + page.getDomainToken();

        assertThat(verify(alice, page))
                .startsWith("Not verified yet: there is no DNS name _cloudroutes-challenge." + domain)
                .contains("publish a TXT record _cloudroutes-challenge." + domain + " with the value " + expected);

        publishTxt(domain, "cloudroutes-domain-verification=not-this-one");
        assertThat(verify(alice, page))
                .isEqualTo("Not verified yet: the TXT record at _cloudroutes-challenge." + domain
                        + " holds 'cloudroutes-domain-verification=not-this-one', not " + expected
                        + "; publish exactly that value (the token is this page's) and verify again.");
        assertThat(reread(page).isDomainVerified()).isFalse();
        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/status-pages/" + page.getId() + "/edit").with(alice))
                .andExpect(content().string(containsString("Last look-up: the TXT record at")));
    }

    @Test
    void aDomainVerifiedByOneTeamCannotBeClaimedByAnother() throws Exception {
        String domain = domain();
        StatusPage alices = claim(alice, domain);
        publishTxt(domain, "cloudroutes-domain-verification=" + alices.getDomainToken());
        verify(alice, alices);
        long before = pages.count();

        mvc.perform(pageForm("/status-pages", slug(), domain.toUpperCase()).with(bob))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "customDomain", "invalid"))
                .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.TAKEN_MESSAGE)))
                .andExpect(content().string(not(containsString(alices.getSlug()))));
        String bobsKey = TestInfrastructure.apiKey(mvc, bob);
        mvc.perform(post("/api/v1/status-pages")
                        .with(TestInfrastructure.bearer(bobsKey))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"" + slug() + "\",\"title\":\"Bob\",\"customDomain\":\"" + domain + "\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.TAKEN_MESSAGE)));
        assertThat(pages.count()).isEqualTo(before);
    }

    @Test
    void ofTwoPendingClaimsTheFirstToVerifyWinsAndTheOtherIsToldTheDomainIsInUse() throws Exception {
        String domain = domain();
        StatusPage alices = claim(alice, domain);
        StatusPage bobs = claim(bob, domain);
        // both teams publish their tokens (a name may hold several TXT records)
        publishTxt(
                domain,
                "cloudroutes-domain-verification=" + alices.getDomainToken(),
                "cloudroutes-domain-verification=" + bobs.getDomainToken());

        assertThat(verify(bob, bobs)).startsWith("Verified " + domain);
        String answer = verify(alice, alices);
        assertThat(answer).isEqualTo("Not verified yet: " + StatusPageLimits.CustomDomain.TAKEN_MESSAGE + ".");
        assertThat(answer).doesNotContain(bobs.getSlug());
        assertThat(reread(alices).isDomainVerified()).isFalse();
        // whatever the record holds then: the same words, nothing of the other page's token
        publishTxt(domain, "cloudroutes-domain-verification=" + bobs.getDomainToken());
        assertThat(verify(alice, alices))
                .isEqualTo("Not verified yet: " + StatusPageLimits.CustomDomain.TAKEN_MESSAGE + ".");
        // and saving the page with that domain is refused on the field
        mvc.perform(pageForm("/status-pages/" + alices.getId(), alices.getSlug(), domain)
                        .with(alice))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("form", "customDomain", "invalid"));
        mvc.perform(get("/status.json").header(HttpHeaders.HOST, domain))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value(bobs.getTitle()));
    }

    @Test
    void theBackgroundRecheckProvesPendingDomainsAndUnverifiesOnesMissingLongerThanTheGracePeriod() throws Exception {
        String domain = domain();
        StatusPage page = claim(alice, domain);
        publishTxt(domain, "cloudroutes-domain-verification=" + page.getDomainToken());
        clock.advance(Duration.ofHours(4));
        proofs.recheck();
        assertThat(reread(page).isDomainVerified())
                .as("a pending domain is proved in the background")
                .isTrue();
        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().isOk());

        publishTxt(domain);
        clock.advance(Duration.ofHours(4));
        proofs.recheck();
        assertThat(reread(page).getDomainMissingSince()).isEqualTo(clock.instant());
        // still served within the grace period
        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().isOk());

        clock.advance(Duration.ofHours(70));
        proofs.recheck();
        assertThat(reread(page).isDomainVerified())
                .as("70 h missing, within 72 h")
                .isTrue();
        clock.advance(Duration.ofHours(4));
        proofs.recheck();
        StatusPage after = reread(page);
        assertThat(after.isDomainVerified()).isFalse();
        assertThat(after.getDomainCheckMessage()).startsWith("unverified: the TXT record at _cloudroutes-challenge.");
        assertThat(auditActions(page))
                .containsSubsequence("status-page.domain-verified", "status-page.domain-unverified");
        mvc.perform(get("/").header(HttpHeaders.HOST, domain)).andExpect(status().is3xxRedirection());
    }

    @Test
    void theApiVerifiesAndShowsWhatToPublish() throws Exception {
        String domain = domain();
        StatusPage page = claim(alice, domain);
        String key = TestInfrastructure.apiKey(mvc, alice);
        mvc.perform(get("/api/v1/status-pages/" + page.getId()).with(TestInfrastructure.bearer(key)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.domain.status").value("pending"))
                .andExpect(jsonPath("$.domain.txtName").value("_cloudroutes-challenge." + domain))
                .andExpect(
                        jsonPath("$.domain.txtValue").value("cloudroutes-domain-verification=" + page.getDomainToken()))
                .andExpect(jsonPath("$.domain.cnameTarget").value("cloudroutes.example.com"));
        publishTxt(domain, "cloudroutes-domain-verification=" + page.getDomainToken());
        mvc.perform(post("/api/v1/status-pages/" + page.getId() + "/domain/verify")
                        .with(TestInfrastructure.bearer(key)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.domain.status").value("verified"))
                .andExpect(jsonPath("$.domain.message").doesNotExist());

        // another team's page answers 404; a page without a domain gets a field error
        String bobsKey = TestInfrastructure.apiKey(mvc, bob);
        mvc.perform(post("/api/v1/status-pages/" + page.getId() + "/domain/verify")
                        .with(TestInfrastructure.bearer(bobsKey)))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/status-pages/" + page.getId())
                        .with(TestInfrastructure.bearer(key))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"" + page.getSlug() + "\",\"title\":\"Acme\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.domain").doesNotExist());
        mvc.perform(post("/api/v1/status-pages/" + page.getId() + "/domain/verify")
                        .with(TestInfrastructure.bearer(key)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("this page has no custom domain")));
    }

    @Test
    void theHostOfCloudRoutesAndNamesUnderItAreRefused() throws Exception {
        long before = pages.count();
        for (String ours :
                List.of("cloudroutes.example.com", "CloudRoutes.Example.com.", "status.cloudroutes.example.com")) {
            mvc.perform(pageForm("/status-pages", slug(), ours).with(alice))
                    .andExpect(status().isOk())
                    .andExpect(model().attributeHasFieldErrorCode("form", "customDomain", "invalid"))
                    .andExpect(content().string(containsString(StatusPageLimits.CustomDomain.OURS_MESSAGE)));
        }
        assertThat(pages.count()).isEqualTo(before);
    }
}
