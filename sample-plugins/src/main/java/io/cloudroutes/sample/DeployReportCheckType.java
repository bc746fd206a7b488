package io.cloudroutes.sample;

import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.checks.push.SecretPlace;
import io.cloudroutes.checks.push.SenderText;
import io.cloudroutes.checks.push.SetupGuide;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Setting;
import java.util.List;
import java.util.Optional;

/**
 * A deploy pipeline reports each deploy: {@code {"deployId": "…", "outcome": "succeeded"|"failed", "version": "…"}}
 * posted to {@code /api/v1/webhooks/deploy-report/{monitorId}} with the monitor's secret in a header. A pipeline that
 * retries a report (same deployId) is recorded once; an outcome the type does not know is logged and changes nothing.
 */
public final class DeployReportCheckType implements PushedCheckType {

    @Override
    public String id() {
        return "deploy-report";
    }

    @Override
    public String name() {
        return "Deploy pipeline (webhook)";
    }

    @Override
    public String description() {
        return "A deploy pipeline reports each deploy: a failed deploy fails the monitor, the next good one heals it.";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public List<PushRoute> routes() {
        return List.of(
                new JsonWebhook("deploy-report", SecretPlace.HEADER, "Deploy report URL", DeployReportCheckType::read));
    }

    @Override
    public Optional<SetupGuide> setupGuide(SetupGuide.Monitor monitor) {
        return Optional.of(new SetupGuide(
                "Report deploys from the pipeline",
                "Add this step at the end of the **deploy job**; it runs whether the deploy passed or not.",
                List.of(new SetupGuide.Snippet(
                        "step",
                        "shell step",
                        "curl -fsS -X POST -H '" + PushRoute.SECRET_HEADER + ": " + monitor.secret() + "' "
                                + "-d '{\"deployId\":\"'$CI_JOB_ID'\",\"outcome\":\"'$OUTCOME'\",\"version\":\"'$VERSION'\"}' "
                                + monitor.urls().getFirst().url()))));
    }

    private static PushVerdict read(PushDelivery delivery) {
        JsonPayload report = delivery.payload();
        String outcome = report.requiredNonBlank("outcome", "outcome", " (succeeded or failed)");
        delivery.reported(SenderText.bounded(outcome, 40));
        String deployId = report.requiredNonBlank("deployId", "deployId", ": the pipeline's id of the deploy");
        String version = report.text("version");
        String deploy =
                "deploy " + (version == null ? SenderText.bounded(deployId, 60) : SenderText.bounded(version, 60));
        return switch (outcome) {
            case "succeeded" -> new PushVerdict.Record(Status.HEALTHY, deploy + " succeeded", deployId, "");
            case "failed" -> new PushVerdict.Record(Status.FAILED, deploy + " failed", deployId, "");
            default ->
                new PushVerdict.Unrecognized(
                        "outcome '" + SenderText.bounded(outcome, 40) + "' is neither succeeded nor failed", "");
        };
    }
}
