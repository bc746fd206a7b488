package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.MailFailure;
import io.cloudroutes.reactions.Mailer;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.reaction.HeldApprovals;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamMemberRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs held for approval ({@link ApprovalGate}), every second on every actioner: sends each new one's request once
 * (the first actioner to write the request row sends it), and once a run's time limit on the application's clock has
 * passed, runs it or skips it as its reaction says (a conditional update: one actioner acts, the rest find it done).
 *
 * <p>The request goes by email to the team's on-call people, and as a Slack message to each Slack reaction of the
 * monitor (its webhook, with this text instead of its template): the link to the approval page in crweb, which carries
 * a single-use token. Nobody on call and no Slack reaction: the run waits for its time limit, or for someone who finds
 * it on the monitor's page or through the API.
 */
@Component
class ApprovalWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(ApprovalWatch.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final Duration SLACK_TIMEOUT = Duration.ofSeconds(10);

    /** Who a run released at its time limit was released by, as its run says ("released by …"). */
    static final String TIMED_OUT_RUN = "approval timed out: runs as configured";

    private final HeldApprovals approvals;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TeamMemberRepository members;
    private final ReactionConfigRepository reactions;
    private final PluginRegistry<ReactionType> types;
    private final ReactionServices services;
    private final Optional<SecretBox> secrets;
    private final String linkBase;
    private final JobRunner runner;

    ApprovalWatch(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock,
            TeamMemberRepository members,
            ReactionConfigRepository reactions,
            PluginRegistry<ReactionType> types,
            ReactionServices services,
            CrbridgeProperties properties,
            JobRunner runner) {
        super("runs waiting for approval");
        this.approvals = new HeldApprovals(jdbc, transactionManager);
        this.jdbc = jdbc;
        this.clock = clock;
        this.members = members;
        this.reactions = reactions;
        this.types = types;
        this.services = services;
        this.secrets = SecretBox.fromOptionalBase64(properties.secretKey());
        String base = properties.linkBase();
        this.linkBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.runner = runner;
    }

    @Override
    void runOnce() {
        Instant now = clock.instant();
        for (HeldApprovals.Unrequested run : approvals.unrequested()) {
            request(run, now);
        }
        for (HeldApprovals.TimedOut run : approvals.timedOut(now)) {
            timedOut(run);
        }
    }

    private void request(HeldApprovals.Unrequested run, Instant now) {
        String token = HeldApprovals.newToken();
        List<String> onCall = members.findOnCallEmails(run.teamId());
        if (!approvals.request(run, HeldApprovals.hash(token), now, String.join(", ", onCall))) {
            return; // another actioner wrote it first, and sends it
        }
        Request request = new Request(
                run, MessageCodec.fromJson(run.change(), StatusChanged.class), linkBase + "/approvals/" + token, now);
        mail(request, onCall);
        slack(request);
    }

    private void timedOut(HeldApprovals.TimedOut run) {
        if (run.then() == OnApprovalTimeout.RUN) {
            if (approvals.release(run.jobId(), TIMED_OUT_RUN)) {
                log.info("approval timed out, the run goes ahead as its reaction says job={}", run.jobId());
                runner.wake();
            }
        } else if (approvals.skip(
                run.jobId(), "approval timed out after " + minutes(Duration.ofSeconds(run.timeoutSeconds())))) {
            log.info("approval timed out, the run is skipped as its reaction says job={}", run.jobId());
        }
    }

    /** What one request says, in every channel. The link is a credential: it is never logged. */
    private record Request(HeldApprovals.Unrequested run, StatusChanged change, String link, Instant now) {

        String subject() {
            return "[CloudRoutes] Approve \"" + run.reactionName() + "\" for " + run.monitorName() + "?";
        }

        String what() {
            return run.monitorName() + " is " + change.to() + ": " + change.reason() + "\nThe reaction \""
                    + run.reactionName() + "\" (" + run.reactionType() + ") waits for your approval until "
                    + TIME.format(run.until()) + " UTC (" + minutes(Duration.between(now, run.until()))
                    + " from now); unanswered, it "
                    + (run.then() == OnApprovalTimeout.RUN ? "runs by itself." : "is skipped.");
        }
    }

    private void mail(Request request, List<String> onCall) {
        if (onCall.isEmpty()) {
            log.warn(
                    "approval request not mailed: nobody in the team is on call job={} monitor={}",
                    request.run().jobId(),
                    request.run().monitorId());
            return;
        }
        Optional<Mailer> mailer = services.mailer();
        if (mailer.isEmpty()) {
            log.warn(
                    "approval request not mailed: no SMTP server configured (set CLOUDROUTES_SMTP_HOST) job={}",
                    request.run().jobId());
            return;
        }
        String text = request.what() + "\n\nApprove or deny it (sign in first; the link works once):\n" + request.link()
                + "\n";
        String html = "<p>" + escape(request.what()).replace("\n", "<br>") + "</p><p><a href=\""
                + escape(request.link()) + "\">Approve or deny it</a> (sign in first; the link works once)</p>";
        try {
            mailer.get().send(new Mailer.Email(services.mailFrom(), onCall, request.subject(), text, html));
            log.info(
                    "approval request mailed job={} monitor={} recipients={}",
                    request.run().jobId(),
                    request.run().monitorId(),
                    onCall.size());
        } catch (MailFailure e) {
            log.warn(
                    "approval request not mailed job={} error={}",
                    request.run().jobId(),
                    e.getClass().getSimpleName());
        }
    }

    /** Posts the request through each Slack reaction of the monitor: its webhook, this text instead of its template. */
    private void slack(Request request) {
        Optional<ReactionType> slack = types.find("slack");
        List<Long> ids = jdbc.queryForList(
                "select r.id from monitor_reactions mr join reactions r on r.id = mr.reaction_id "
                        + "where mr.monitor_id = ? and r.reaction_type = 'slack' order by r.id",
                Long.class,
                request.run().monitorId());
        if (slack.isEmpty() || ids.isEmpty()) {
            return;
        }
        // Mustache renders the template: the text goes in as a variable-free literal, braces taken out
        String message = (":raised_hand: *" + request.subject().substring("[CloudRoutes] ".length()) + "*\n"
                        + request.what() + "\n<" + request.link() + "|Approve or deny> (sign in first; the "
                        + "link works once)")
                .replace("{", "(")
                .replace("}", ")");
        for (ReactionConfig reaction : reactions.findAttached(request.run().monitorId(), ids)) {
            Map<String, String> settings = new LinkedHashMap<>(reaction.getSettings());
            settings.put("template", message);
            ReactionResult result;
            try {
                result = ReactionCalls.create(slack.get(), settings, secrets, reaction.secretScope(), services)
                        .run(
                                request.change(),
                                SLACK_TIMEOUT,
                                "cloudroutes-approval-" + request.run().jobId());
            } catch (RuntimeException e) { // unusable settings, a secret that cannot be opened
                result = ReactionResult.failed(e.getClass().getSimpleName());
            }
            log.info(
                    "approval request posted to Slack job={} reaction={} outcome={}",
                    request.run().jobId(),
                    reaction.getId(),
                    result.outcome());
        }
    }

    /** A duration as people say it: "10 min", "90 s". */
    static String minutes(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
