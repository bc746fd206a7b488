package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamMemberRepository;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shadow mode: a team's reactions are decided as usual and recorded as WOULD_RUN, with what the reaction would have
 * done (its dry run), and nothing acts: no request, no email, no frequency slot, no quota. An episode that began in
 * shadow mode stays in it to its end, so switching shadow mode off fires none of its later escalation steps; the next
 * change of status is decided live.
 */
@Component
class ShadowRuns {

    /** How a shadow run's output begins; a job admitted with it and not yet recorded is recorded as WOULD_RUN. */
    static final String PREFIX = "would run (shadow mode, nothing was done): ";

    private final JdbcTemplate jdbc;
    private final PluginRegistry<ReactionType> types;
    private final ReactionServices services;
    private final Optional<SecretBox> secrets;
    private final TeamMemberRepository members;

    ShadowRuns(
            JdbcTemplate jdbc,
            PluginRegistry<ReactionType> types,
            ReactionServices services,
            CrbridgeProperties properties,
            TeamMemberRepository members) {
        this.jdbc = jdbc;
        this.types = types;
        this.services = services;
        this.members = members;
        this.secrets = SecretBox.fromOptionalBase64(properties.secretKey());
    }

    /** Whether the run is a shadow one: its team is in shadow mode, or its episode began as one. */
    boolean applies(ReactionJobs.Job job, ReactionConfig reaction) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select coalesce((select shadow_mode from teams where id = ?), false) or exists (select 1 from "
                        + "reaction_jobs where monitor_id = ? and episode = ? and outcome = 'WOULD_RUN')",
                Boolean.class,
                reaction.getTeamId(),
                job.monitorId(),
                job.episode()));
    }

    /** What the run would have done: the reaction's dry run, made here, contacting nothing. */
    String output(ReactionConfig reaction, StatusChanged change) {
        Optional<ReactionType> type = types.find(reaction.getReactionType());
        if (type.isEmpty()) {
            return PREFIX + "no reaction type '" + reaction.getReactionType() + "' in this actioner";
        }
        try {
            return PREFIX
                    + ReactionCalls.create(
                                    type.get(),
                                    reaction.getSettings(),
                                    secrets,
                                    reaction.secretScope(),
                                    services,
                                    () -> members.findOnCallEmails(reaction.getTeamId()))
                            .dryRun(change)
                            .orElse("a " + reaction.getReactionType() + " reaction cannot describe a run without "
                                    + "making it");
        } catch (SecretBox.SecretException | ReactionCalls.UnusableSettings e) {
            return PREFIX + "it could not be made: " + e.getMessage();
        }
    }
}
