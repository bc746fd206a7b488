package io.cloudroutes.crbridge.actioner;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Monitors and reactions saved as crweb saves them, for the actioner's tests of reaction runs. */
record ActionerFixtures(
        UserAccount owner,
        long teamId,
        MonitorRepository monitors,
        ReactionConfigRepository reactions,
        OutboxRepository outbox,
        RedisCommands<String, String> redis) {

    /**
     * crbridge's repositories and Redis, from which a test class makes its fixtures: imported into the class's context
     * as a bean, and autowired.
     */
    record Repositories(
            UserAccountRepository users,
            TeamRepository teams,
            MonitorRepository monitors,
            ReactionConfigRepository reactions,
            ReactionRunRepository runs,
            OutboxRepository outbox,
            StatefulRedisConnection<String, String> redis) {

        /** Fixtures for a new person ({@code prefix-…@example.com}) in their personal team. */
        ActionerFixtures forNewOwner(String prefix) {
            UserAccount owner = users.save(new UserAccount(prefix + "-" + UUID.randomUUID() + "@example.com", "x"));
            return new ActionerFixtures(
                    owner, teams.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis.sync());
        }

        ReactionRunLog runLog() {
            return new ReactionRunLog(runs);
        }
    }

    /** A webhook reaction on failures that posts to {@code path} of the receiver. */
    ReactionConfig webhookOnFailure(HttpReceiver receiver, String path) {
        ReactionConfig reaction = new ReactionConfig(teamId, owner.getId(), "POST " + path, "webhook");
        reaction.setSettings(Map.of("url", receiver.url(path)));
        reaction.setCallOn(CallOn.FAILED);
        return reactions.save(reaction);
    }

    /**
     * An email to on-call on failures and on the recoveries that end them ({@code callOn BOTH}), at most once in
     * {@code frequencySeconds} (0: each time).
     */
    ReactionConfig emailOnBothChanges(String name, int frequencySeconds) {
        ReactionConfig reaction = new ReactionConfig(teamId, owner.getId(), name, "email");
        reaction.setSettings(Map.of("to", "oncall@example.com"));
        reaction.setCallOn(CallOn.BOTH);
        reaction.setFrequencySeconds(frequencySeconds);
        return reactions.save(reaction);
    }

    /** A webhook-fed monitor (never scheduled) that fails and recovers on one result, once the bridge wrote it. */
    Monitor monitor(String name, ReactionConfig... attached) {
        Monitor saved = saved(name, attached);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        return saved;
    }

    /** The same monitor, saved with its outbox entry but not waited for: the bridge writes it to Redis shortly. */
    Monitor saved(String name, ReactionConfig... attached) {
        Monitor monitor = new Monitor(teamId, owner.getId(), name, "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setReactions(Set.of(attached));
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        return saved;
    }

    /** Reports a result of the monitor from the default zone and waits until the actioner handled it. */
    void report(Monitor monitor, Status status, String reason) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        "default",
                        "worker",
                        status,
                        reason,
                        3,
                        System.currentTimeMillis()));
    }

    /** The subjects of the emails the SMTP server received, in the order it received them. */
    static List<String> subjects(GreenMailExtension smtp) {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(message -> {
                    try {
                        return message.getSubject();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
