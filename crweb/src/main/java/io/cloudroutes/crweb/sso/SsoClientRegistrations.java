package io.cloudroutes.crweb.sso;

import io.cloudroutes.crweb.system.PublicUrl;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The configured providers as Spring Security's client registrations. A provider's endpoints are read from its
 * discovery document at the first log-in through it, not at start, so crweb starts while a provider is unreachable;
 * a failed read is tried again at the next log-in. The redirect URI is built from the public URL, so it is right
 * behind a proxy.
 */
final class SsoClientRegistrations implements ClientRegistrationRepository {

    /** Where a provider sends people back to, below the public URL; {@code {id}} is the provider's id. */
    static final String REDIRECT_PATH = "/login/oauth2/code/";

    private static final Logger log = LoggerFactory.getLogger(SsoClientRegistrations.class);

    private final SsoProperties properties;
    private final PublicUrl publicUrl;
    private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();

    SsoClientRegistrations(SsoProperties properties, PublicUrl publicUrl) {
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        return properties
                .provider(registrationId)
                .map(provider -> discovered.computeIfAbsent(provider.id(), id -> discover(provider)))
                .orElse(null);
    }

    private ClientRegistration discover(SsoProperties.Provider provider) {
        try {
            return ClientRegistrations.fromIssuerLocation(provider.issuerUri())
                    .registrationId(provider.id())
                    .clientName(provider.displayName())
                    .clientId(provider.clientId())
                    .clientSecret(provider.clientSecret())
                    .scope(provider.scopes())
                    .redirectUri(publicUrl.get() + REDIRECT_PATH + provider.id())
                    .build();
        } catch (RuntimeException e) {
            // the message names the issuer and what went wrong; nothing in it is secret
            log.warn(
                    "single sign-on provider {} ({}): its settings could not be read from {}: {}",
                    provider.id(),
                    provider.displayName(),
                    provider.issuerUri(),
                    e.getMessage());
            throw e;
        }
    }
}
