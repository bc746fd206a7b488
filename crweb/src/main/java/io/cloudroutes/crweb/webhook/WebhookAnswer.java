package io.cloudroutes.crweb.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a webhook endpoint answers when it took the request: whether a result was appended and, if not, why.
 *
 * @param accepted     a result was appended to the results stream
 * @param status       the status appended (HEALTHY or FAILED), when one was
 * @param resultId     the id of the appended result
 * @param duplicate    this delivery had been recorded before, so nothing was appended again
 * @param unrecognized the transition or status reported is not one CloudRoutes knows; the delivery is kept in the
 *                     monitor's delivery log and changed nothing
 * @param reason       why nothing was appended, or the reason recorded with the result
 * @param note         what of the delivery was not used and why (fields ignored, alerts left out); absent if none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookAnswer(
        boolean accepted,
        String status,
        String resultId,
        Boolean duplicate,
        Boolean unrecognized,
        String reason,
        String note) {

    static WebhookAnswer appended(String status, String resultId, String reason) {
        return new WebhookAnswer(true, status, resultId, null, null, reason, null);
    }

    /** This answer with {@code note}; unchanged for an empty one. */
    WebhookAnswer noting(String note) {
        return note == null || note.isEmpty()
                ? this
                : new WebhookAnswer(accepted, status, resultId, duplicate, unrecognized, reason, note);
    }

    static WebhookAnswer ignored(String reason) {
        return new WebhookAnswer(false, null, null, null, null, reason, null);
    }

    static WebhookAnswer duplicate(String reason) {
        return new WebhookAnswer(false, null, null, true, null, reason, null);
    }

    static WebhookAnswer unrecognized(String reason) {
        return new WebhookAnswer(false, null, null, null, true, reason, null);
    }
}
