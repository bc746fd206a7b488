package io.cloudroutes.crweb.push;

import java.util.List;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A push secret just generated, with the endpoints that use it. The only moment the secret exists in clear: it is
 * shown once and then only its hash remains.
 *
 * @param monitorId the monitor it authenticates
 * @param secret    the secret in clear
 * @param endpoints where the sender sends results
 */
public record IssuedSecret(long monitorId, String secret, List<PushEndpoints.PushEndpoint> endpoints) {

    /** Flash attribute names the monitor page reads to show the secret once. */
    static final String SECRET_ATTRIBUTE = "pushSecret";

    static final String ENDPOINTS_ATTRIBUTE = "pushSecretEndpoints";

    /** Puts the secret into the next page only (a flash attribute): reloading that page does not show it again. */
    public void flashTo(RedirectAttributes redirect) {
        redirect.addFlashAttribute(SECRET_ATTRIBUTE, secret);
        redirect.addFlashAttribute(ENDPOINTS_ATTRIBUTE, endpoints);
    }

    @Override
    public String toString() {
        return "IssuedSecret[monitorId=" + monitorId + ", secret=(hidden)]";
    }
}
