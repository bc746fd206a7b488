package io.cloudroutes.crweb.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a webhook endpoint answers when it took the request: whether a result was appended and, if not, why.
 *
 * @param accepted  a result was appended to the results stream
 * @param status    the status appended (HEALTHY or FAILED), when one was
 * @param resultId  the id of the appended result
 * @param duplicate this delivery had been recorded before, so nothing was appended again
 * @param reason    why nothing was appended, or the reason recorded with the result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookAnswer(boolean accepted, String status, String resultId, Boolean duplicate, String reason) {

    static WebhookAnswer appended(String status, String resultId, String reason) {
        return new WebhookAnswer(true, status, resultId, null, reason);
    }

    static WebhookAnswer ignored(String reason) {
        return new WebhookAnswer(false, null, null, null, reason);
    }

    static WebhookAnswer duplicate(String reason) {
        return new WebhookAnswer(false, null, null, true, reason);
    }
}
