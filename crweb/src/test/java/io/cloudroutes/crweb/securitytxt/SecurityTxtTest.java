package io.cloudroutes.crweb.securitytxt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** An installation that names a security contact publishes it as /.well-known/security.txt (RFC 9116), to anyone. */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = {
            "spring.config.name=crweb",
            "cloudroutes.public-url=https://cr.example.com",
            "cloudroutes.security.contact=mailto:security@example.com, https://example.com/report",
            "cloudroutes.security.valid-for=30d"
        })
@AutoConfigureMockMvc
class SecurityTxtTest {

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void anyoneReadsTheContactsWithAnExpiryAheadAndTheCanonicalAddress() throws Exception {
        Instant before = Instant.now();
        String text = mvc.perform(get("/.well-known/security.txt"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/plain;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsString();

        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines)
                .startsWith("Contact: mailto:security@example.com", "Contact: https://example.com/report")
                .contains("Preferred-Languages: en", "Canonical: https://cr.example.com/.well-known/security.txt");
        Instant expires = Instant.parse(lines.stream()
                .filter(l -> l.startsWith("Expires: "))
                .findFirst()
                .orElseThrow()
                .substring("Expires: ".length()));
        assertThat(expires)
                .isBetween(
                        before.plus(Duration.ofDays(30)).minusSeconds(1),
                        Instant.now().plus(Duration.ofDays(30)));
    }

    @EnableConfigurationProperties(SecurityTxtProperties.class)
    @Configuration(proxyBeanMethods = false)
    static class PropertiesOnly {}

    private final ApplicationContextRunner settings = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void aContactThatIsNoUriStopsTheStartNamingWhatItMustBe() {
        settings.withPropertyValues("cloudroutes.security.contact=security@example.com")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining(
                                    "must be a mailto:, https:// or " + "tel: URI, e.g. mailto:security@example.com");
                });
        settings.withPropertyValues("cloudroutes.security.contact=http://example.com/security")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void anExpiryAYearAheadOrMoreStopsTheStart() {
        settings.withPropertyValues(
                        "cloudroutes.security.contact=mailto:s@example.com", "cloudroutes.security.valid-for=400d")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("less than 365 days");
                });
    }
}
