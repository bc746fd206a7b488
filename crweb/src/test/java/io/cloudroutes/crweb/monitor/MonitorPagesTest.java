package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.outbox.OutboxEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A monitor on its pages: creating, editing, holding and deleting it writes the monitor and its outbox entry together,
 * a secret setting is never shown back, its page shows recent results, events and reactions, and another person can
 * neither see it nor change it.
 */
class MonitorPagesTest extends SignedInPeople {

    @Test
    void creatingAMonitorWritesItAndAnOutboxEntryTogether() throws Exception {
        long outboxBefore = outboxCount();
        mvc.perform(httpMonitor("https://shop.example.com/health", "60").with(alice))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved = monitors.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(aliceAccount.getId()))
                .getFirst();
        assertThat(saved.getSettings())
                .containsEntry("url", "https://shop.example.com/health")
                .containsEntry("expectedStatus", "200-299");
        assertThat(outboxCount()).isEqualTo(outboxBefore + 1);
        assertThat(outbox.findAll()).anySatisfy(entry -> {
            assertThat(entry.getMonitorId()).isEqualTo(saved.getId());
            assertThat(entry.getOperation()).isEqualTo(OutboxEntry.Operation.UPSERT);
        });
    }

    @Test
    void editingWritesAnUpsertAndDeletingWritesADelete() throws Exception {
        Monitor mine = aliceMonitor();
        mvc.perform(post("/monitors/" + mine.getId())
                        .with(csrf())
                        .with(alice)
                        .param("name", "renamed")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "3")
                        .param("recoverThreshold", "1")
                        .param("enabled", "true")
                        .param("settings[host]", "db.internal")
                        .param("settings[port]", "5433"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        Monitor edited = monitors.findById(mine.getId()).orElseThrow();
        assertThat(edited.getName()).isEqualTo("renamed");
        assertThat(edited.getSettings()).containsEntry("port", "5433");
        mvc.perform(post("/monitors/" + mine.getId() + "/delete").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/monitors"));
        assertThat(monitors.findById(mine.getId())).isEmpty();
        List<OutboxEntry.Operation> operations = outbox.findAll().stream()
                .filter(e -> e.getMonitorId().equals(mine.getId()))
                // in the order written: findAll has no order, and PostgreSQL returns rows as they lie
                .sorted(java.util.Comparator.comparing(OutboxEntry::getId))
                .map(OutboxEntry::getOperation)
                .toList();
        assertThat(operations).containsExactly(OutboxEntry.Operation.UPSERT, OutboxEntry.Operation.DELETE);
    }

    @Test
    void headersOfAnHttpCheckAreASecretNeverShownBackKeptWhenLeftBlankAndRemovedOnRequest() throws Exception {
        mvc.perform(httpMonitor("https://example.com", "60")
                        .with(alice)
                        .param("settings[headers]", "Authorization: Bearer hdr-s3cret"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        Monitor saved = monitors.findByTeamIdOrderByNameAsc(teamRepository.personalTeamIdOf(aliceAccount.getId()))
                .getFirst();
        assertThat(jdbc.queryForObject("select settings from monitors where id = ?", String.class, saved.getId()))
                .doesNotContain("hdr-s3cret")
                .contains("\"headers\":\"enc:v2:");
        String edit = mvc.perform(get("/monitors/" + saved.getId() + "/edit").with(alice))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(edit)
                .doesNotContain("hdr-s3cret")
                .contains("set (leave blank to keep)")
                .contains("id=\"clear-headers\"");

        mvc.perform(httpMonitorTo("/monitors/" + saved.getId(), "https://example.com", "60")
                        .with(alice)
                        .param("settings[headers]", ""))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        assertThat(monitors.findById(saved.getId()).orElseThrow().getSettings()).containsKey("headers");

        mvc.perform(httpMonitorTo("/monitors/" + saved.getId(), "https://example.com", "60")
                        .with(alice)
                        .param("clearSecrets", "headers"))
                .andExpect(redirectedUrlPattern("/monitors/*"));
        assertThat(monitors.findById(saved.getId()).orElseThrow().getSettings()).doesNotContainKey("headers");
    }

    @Test
    void aPersonCanHoldAMonitorsStatusAndEveryoneSeesWhoDid() throws Exception {
        Monitor mine = aliceMonitor();
        long outboxBefore = outboxCount();
        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "FAILED"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        Monitor held = monitors.findById(mine.getId()).orElseThrow();
        assertThat(held.getOverrideStatus()).isEqualTo(Status.FAILED);
        assertThat(held.getOverrideBy()).isEqualTo(aliceAccount.getEmail());
        assertThat(outboxCount()).isEqualTo(outboxBefore + 1);
        mvc.perform(get("/monitors/" + mine.getId()).with(alice))
                .andExpect(content()
                        .string(containsString("Held at <strong>FAILED</strong> by <span>" + aliceAccount.getEmail())))
                .andExpect(content().string(containsString("Release: follow the checks")));

        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(bob)
                        .param("status", "NONE"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "MAYBE"))
                .andExpect(status().isBadRequest());
        assertThat(monitors.findById(mine.getId()).orElseThrow().getOverrideStatus())
                .isEqualTo(Status.FAILED);

        mvc.perform(post("/monitors/" + mine.getId() + "/override")
                        .with(csrf())
                        .with(alice)
                        .param("status", "NONE"))
                .andExpect(redirectedUrl("/monitors/" + mine.getId()));
        assertThat(monitors.findById(mine.getId()).orElseThrow().getOverrideStatus())
                .isNull();
    }

    @Test
    void anotherUserGets404ForMyMonitorAndChangesNothing() throws Exception {
        Monitor mine = aliceMonitor();
        long outboxBefore = outboxCount();
        mvc.perform(get("/monitors/" + mine.getId()).with(bob)).andExpect(status().isNotFound());
        mvc.perform(get("/monitors/" + mine.getId() + "/edit").with(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId())
                        .with(csrf())
                        .with(bob)
                        .param("name", "hijacked")
                        .param("intervalSeconds", "60")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("settings[host]", "evil")
                        .param("settings[port]", "1"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/monitors/" + mine.getId() + "/delete").with(csrf()).with(bob))
                .andExpect(status().isNotFound());
        assertThat(monitors.findById(mine.getId()))
                .get()
                .extracting(Monitor::getName)
                .isEqualTo("alice's api");
        assertThat(outboxCount()).isEqualTo(outboxBefore);
        mvc.perform(get("/monitors").with(bob)).andExpect(content().string(not(containsString("alice&#39;s api"))));
    }

    @Test
    void theMonitorPageShowsRecentResultsEventsAndReactions() throws Exception {
        Monitor mine = aliceMonitor();
        redis.sync()
                .lpush(
                        RedisKeys.recent(mine.getId()),
                        MessageCodec.toJson(CheckResult.checked(
                                "r1",
                                mine.getId(),
                                "eu-west",
                                "w1",
                                Status.FAILED,
                                "no connection to db.internal:5432 within 5000 ms",
                                5000,
                                System.currentTimeMillis())));
        events.save(new MonitorEvent(
                mine.getId(), Status.UNKNOWN, Status.HEALTHY, "connected in 2 ms", "eu-west", Instant.now()));
        mvc.perform(get("/monitors/" + mine.getId()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no connection to db.internal:5432 within 5000 ms")))
                .andExpect(content().string(containsString("connected in 2 ms")))
                .andExpect(content().string(containsString("eu-west")));
    }
}
