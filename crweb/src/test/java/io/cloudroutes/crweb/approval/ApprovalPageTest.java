package io.cloudroutes.crweb.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The page an approval request's link opens: it shows what would run and changes nothing; Approve and Deny are POST
 * forms that work once, for a member of the run's team who may edit; a used, expired or no longer needed request says
 * so; another team's link is not found.
 */
class ApprovalPageTest extends SignedInPeople {

    @Autowired
    PlatformTransactionManager transactions;

    Monitor api;
    long teamId;
    ReactionConfig failover;

    @BeforeEach
    void alicesMonitorWithAFailoverNeedingApproval() {
        api = aliceMonitor();
        teamId = api.getTeamId();
        ReactionConfig reaction = new ReactionConfig(teamId, aliceAccount.getId(), "fail over", "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/failover"));
        reaction.setApprovalRequired(true);
        failover = reactions.save(reaction);
    }

    private HeldForApproval held(Duration left) {
        return HeldForApproval.of(
                jdbc,
                transactions,
                teamId,
                api.getId(),
                api.getName(),
                failover.getId(),
                Instant.now().plus(left));
    }

    /** released_by, finished_at is not null, outcome of the job; and the request's decision. */
    private Map<String, Object> job(long jobId) {
        return jdbc.queryForMap(
                "select j.released_by, j.finished_at is not null as finished, j.outcome, a.decision, a.used_at "
                        + "from reaction_jobs j join approval_requests a on a.job_id = j.id where j.id = ?",
                jobId);
    }

    private long audited(String action) {
        return jdbc.queryForObject(
                "select count(*) from audit_events where team_id = ? and action = ?", Long.class, teamId, action);
    }

    @Test
    void theLinkShowsWhatWouldRunAndLookingChangesNothing() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));

        mvc.perform(get("/approvals/" + run.token()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("alice&#39;s api")))
                .andExpect(content().string(containsString("fail over")))
                .andExpect(content().string(containsString("HTTP 502")))
                .andExpect(content().string(containsString(" min ")))
                .andExpect(content().string(containsString("id=\"approve-form\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(get("/approvals/" + run.token()).with(alice)).andExpect(status().isOk());
        // a link scanner following it, or a GET of the form's address, decides nothing
        mvc.perform(get("/approvals/" + run.token() + "/approve").with(alice)).andExpect(status().is4xxClientError());

        Map<String, Object> job = job(run.jobId());
        assertThat(job.get("released_by")).isNull();
        assertThat(job.get("finished")).isEqualTo(false);
        assertThat(job.get("used_at")).isNull();
    }

    @Test
    void someoneNotSignedInLogsInFirst() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));
        mvc.perform(get("/approvals/" + run.token())).andExpect(redirectedUrl("/login"));
        assertThat(job(run.jobId()).get("used_at")).isNull();
    }

    @Test
    void approvedOnceTheRunGoesAheadAndTheLinkCannotBeUsedAgain() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));
        long before = audited("reaction-run.approved");

        mvc.perform(post("/approvals/" + run.token() + "/approve").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        Map<String, Object> job = job(run.jobId());
        assertThat(job.get("released_by")).isEqualTo(aliceAccount.getEmail());
        assertThat(job.get("decision")).isEqualTo("APPROVED");
        assertThat(audited("reaction-run.approved")).isEqualTo(before + 1);

        // used: a second decision, either way, changes nothing, and the page says so
        mvc.perform(post("/approvals/" + run.token() + "/deny").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/approvals/" + run.token()));
        assertThat(job(run.jobId()).get("finished")).isEqualTo(false);
        assertThat(job(run.jobId()).get("decision")).isEqualTo("APPROVED");
        mvc.perform(get("/approvals/" + run.token()).with(alice))
                .andExpect(content().string(containsString("This link was used")))
                .andExpect(content().string(containsString(aliceAccount.getEmail())))
                .andExpect(content().string(not(containsString("id=\"approve-form\""))));
    }

    @Test
    void deniedTheRunIsRecordedSkippedWithWhoDeniedIt() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));

        mvc.perform(post("/approvals/" + run.token() + "/deny").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        Map<String, Object> job = job(run.jobId());
        assertThat(job.get("finished")).isEqualTo(true);
        assertThat(job.get("outcome")).isEqualTo("SKIPPED");
        assertThat(jdbc.queryForObject(
                        "select output from reaction_runs where monitor_id = ? and outcome = 'SKIPPED'",
                        String.class,
                        api.getId()))
                .isEqualTo("denied by " + aliceAccount.getEmail());
        assertThat(audited("reaction-run.denied")).isEqualTo(1);
    }

    @Test
    void withoutTheCsrfTokenNothingIsDecided() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));
        mvc.perform(post("/approvals/" + run.token() + "/approve").with(alice)).andExpect(status().isForbidden());
        assertThat(job(run.jobId()).get("released_by")).isNull();
    }

    @Test
    void anotherTeamsLinkIsNotFound() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));

        mvc.perform(get("/approvals/" + run.token()).with(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/approvals/" + run.token() + "/approve").with(csrf()).with(bob))
                .andExpect(status().isNotFound());
        mvc.perform(get("/approvals/" + "x".repeat(43)).with(alice)).andExpect(status().isNotFound());

        assertThat(job(run.jobId()).get("released_by")).isNull();
        assertThat(job(run.jobId()).get("used_at")).isNull();
    }

    @Test
    void anExpiredLinkSaysSoAndDecidesNothing() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(-1));

        mvc.perform(get("/approvals/" + run.token()).with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The time limit passed")))
                .andExpect(content().string(not(containsString("id=\"approve-form\""))));
        mvc.perform(post("/approvals/" + run.token() + "/approve").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/approvals/" + run.token()));

        assertThat(job(run.jobId()).get("released_by")).isNull();
        assertThat(job(run.jobId()).get("used_at")).isNull();
    }

    @Test
    void whenTheMonitorRecoveredFirstThePageSaysNothingIsNeeded() throws Exception {
        HeldForApproval run = held(Duration.ofMinutes(10));
        // what the actioner does at the recovery: the held run is finished, not run
        jdbc.update(
                "with r as (insert into reaction_runs (monitor_id, reaction_id, reaction_name, outcome, output, "
                        + "started_at, finished_at) values (?, ?, 'fail over', 'SKIPPED', 'not run: alice''s api "
                        + "recovered while held', now(), now()) returning id) update reaction_jobs set finished_at = "
                        + "now(), outcome = 'SKIPPED', run_id = (select id from r) where id = ?",
                api.getId(),
                failover.getId(),
                run.jobId());
        mvc.perform(get("/approvals/" + run.token()).with(alice))
                .andExpect(content().string(containsString("no longer waits for approval")))
                .andExpect(content().string(containsString("recovered while held")))
                .andExpect(content().string(not(containsString("id=\"approve-form\""))));
        mvc.perform(post("/approvals/" + run.token() + "/approve").with(csrf()).with(alice))
                .andExpect(redirectedUrl("/approvals/" + run.token()));
        assertThat(job(run.jobId()).get("released_by")).isNull();
    }

    @Test
    void theReactionFormSaysWhatIsWrongWithAnApprovalSettingAndSavesNothing() throws Exception {
        long before = reactions.count();
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(alice)
                        .param("name", "fail over")
                        .param("reactionType", "webhook")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("approvalRequired", "true")
                        .param("approvalTimeoutSeconds", "5")
                        .param("onApprovalTimeout", "RUN")
                        .param("settings[url]", "https://hooks.example.com/failover"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("between 60 seconds and 86400 seconds (one day)")));
        assertThat(reactions.count()).isEqualTo(before);

        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(alice)
                        .param("name", "fail over 2")
                        .param("reactionType", "webhook")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("approvalRequired", "true")
                        .param("approvalTimeoutSeconds", "300")
                        .param("onApprovalTimeout", "RUN")
                        .param("settings[url]", "https://hooks.example.com/failover"))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.queryForMap(
                        "select approval_required, approval_timeout_seconds, on_approval_timeout from reactions "
                                + "where team_id = ? and name = 'fail over 2'",
                        teamId))
                .containsEntry("approval_required", true)
                .containsEntry("approval_timeout_seconds", 300)
                .containsEntry("on_approval_timeout", "RUN");
    }
}
