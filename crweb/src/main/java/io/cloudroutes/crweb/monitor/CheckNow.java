package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.store.monitor.Monitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs a monitor's check once, here in crweb, with the settings of the form as they are now, before anything is saved:
 * the person sees at once what a worker would find. It connects through the same egress guard as the workers' checks
 * and the reactions' test runs, counts against the team's test runs per minute, and is written to the audit log. Nothing
 * about the monitor is stored, and no result is recorded on it.
 */
@Service
class CheckNow {

    private static final Logger log = LoggerFactory.getLogger(CheckNow.class);

    private final MonitorService monitors;
    private final Quotas quotas;
    private final AuditLog audit;
    private final CheckServices services;

    CheckNow(MonitorService monitors, Quotas quotas, AuditLog audit, Egress egress) {
        this.monitors = monitors;
        this.quotas = quotas;
        this.audit = audit;
        this.services = CheckServices.of(egress);
    }

    /**
     * One setting the check ran with, and whether the run found it held: {@code passed} is true when the check was
     * healthy, false for the setting the failure names, null when the run cannot say.
     */
    record Condition(String label, String value, Boolean passed) implements java.io.Serializable {}

    /** What one run found: its status, how long it took, why, and the settings it ran with. */
    record Result(Status status, long latencyMillis, String reason, List<Condition> conditions)
            implements java.io.Serializable {}

    /**
     * Checks the draft's settings and timeout as a save would and, when {@code problems} stays empty, runs the check
     * once. {@code existing} is the monitor being edited (its stored secrets are used for secret fields left blank),
     * null for a new one.
     *
     * @return the result; null when the draft has problems, which are added to {@code problems}
     * @throws QuotaExceededException when the team has started as many test runs as it may this minute
     */
    Result run(long teamId, CheckType type, Monitor existing, MonitorDraft draft, List<FieldProblem> problems) {
        if (!(type instanceof PolledCheckType polled)) {
            problems.add(new FieldProblem(
                    "checkType", type.name() + " results are sent to CloudRoutes: there is nothing to check now"));
            return null;
        }
        Integer timeout = draft.timeoutSeconds();
        if (timeout == null || timeout < Limits.CheckTimeoutSeconds.MIN || timeout > Limits.CheckTimeoutSeconds.MAX) {
            problems.add(new FieldProblem("timeoutSeconds", Limits.CheckTimeoutSeconds.MESSAGE));
        }
        Map<String, String> stored = existing == null ? Map.of() : existing.getSettings();
        SecretScope scope = existing == null ? null : existing.secretScope();
        Map<String, String> values = PluginSettings.merge(
                type,
                draft.settings() == null ? Map.of() : draft.settings(),
                stored,
                draft.clearSecrets() == null ? List.of() : draft.clearSecrets(),
                scope,
                monitors.secrets(),
                problems);
        if (!problems.isEmpty()) {
            return null;
        }
        quotas.takeTestRun(teamId);
        Map<String, String> settings = Settings.withDefaults(type.settings(), values);
        CheckOutcome outcome;
        try {
            outcome = polled.create(settings, services).run(Duration.ofSeconds(timeout));
        } catch (RuntimeException e) {
            // checks do not throw for a failure of the target; this is a fault, and says nothing about it
            log.warn("check now could not run type={} error={}", type.id(), e.toString());
            outcome = CheckOutcome.notRun("the check could not be run: " + e.getMessage(), 0);
        }
        String name = draft.name() == null || draft.name().isBlank()
                ? (existing == null ? "new " + type.name() + " monitor" : existing.getName())
                : draft.name().trim();
        audit.record(
                teamId,
                AuditAction.MONITOR_CHECKED_NOW,
                new AuditLog.Target("monitor", existing == null ? null : existing.getId(), name),
                "checked " + type.target(settings) + " once before saving: " + outcome.status() + " in "
                        + outcome.latencyMillis() + " ms");
        log.info(
                "check now team={} type={} monitor={} status={} latencyMillis={}",
                teamId,
                type.id(),
                existing == null ? "new" : existing.getId(),
                outcome.status(),
                outcome.latencyMillis());
        return new Result(
                outcome.status(), outcome.latencyMillis(), outcome.reason(), conditions(type, settings, outcome));
    }

    /**
     * The settings the check ran with, secrets and choices left at their default left out. A healthy run passed them all; a failed one failed on the
     * first whose value its reason names (a choice or a yes/no names nothing by itself), and says nothing of the rest.
     */
    private static List<Condition> conditions(CheckType type, Map<String, String> settings, CheckOutcome outcome) {
        List<Condition> conditions = new ArrayList<>();
        boolean failureFound = false;
        String reason = outcome.reason() == null ? "" : outcome.reason();
        for (Setting setting : type.settings()) {
            String value = settings.get(setting.name());
            boolean choice = setting.type() == SettingType.CHOICE || setting.type() == SettingType.BOOLEAN;
            // a choice left at its default (keyword must be present, follow redirects) is no condition of its own
            if (setting.secret()
                    || value == null
                    || value.isBlank()
                    || (choice && value.equals(setting.defaultValue()))) {
                continue;
            }
            Boolean passed = null;
            if (outcome.status() == Status.HEALTHY) {
                passed = true;
            } else if (outcome.status() == Status.FAILED
                    && !failureFound
                    && !choice
                    && reason.contains(value.strip())) {
                passed = false;
                failureFound = true;
            }
            conditions.add(new Condition(setting.label(), value, passed));
        }
        return conditions;
    }
}
