package io.cloudroutes.crweb.sso;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect providers people may log in with, bound from {@code cloudroutes.sso.providers[n].*}
 * (environment: CLOUDROUTES_SSO_PROVIDERS_0_ID, …). None (the default): no single sign-on at all. Checked at start,
 * so a missing or mistyped setting stops crweb with the property's name.
 */
@ConfigurationProperties("cloudroutes.sso")
record SsoProperties(@DefaultValue List<Provider> providers) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    SsoProperties {
        providers = providers == null ? List.of() : List.copyOf(providers);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < providers.size(); i++) {
            Provider provider = providers.get(i);
            String at = "cloudroutes.sso.providers[" + i + "].";
            if (provider.id() == null || !ID.matcher(provider.id()).matches()) {
                throw new IllegalArgumentException(at + "id must be 1 to 40 lower-case letters, digits and dashes, "
                        + "starting with a letter or digit (it is part of the redirect URI), but is '" + provider.id()
                        + "'");
            }
            if (!ids.add(provider.id())) {
                throw new IllegalArgumentException(at + "id '" + provider.id()
                        + "' is used by an earlier provider: give each provider its own id");
            }
            required(at + "display-name", provider.displayName(), "the name on the log-in button, e.g. Okta");
            checkIssuer(at + "issuer-uri", provider.issuerUri());
            required(at + "client-id", provider.clientId(), "the client id the provider gave CloudRoutes");
            required(
                    at + "client-secret",
                    provider.clientSecret(),
                    "the client secret the provider gave CloudRoutes; set it from the environment ("
                            + "CLOUDROUTES_SSO_PROVIDERS_" + i + "_CLIENT_SECRET) rather than a file");
            if (!provider.scopes().contains("openid") || !provider.scopes().contains("email")) {
                throw new IllegalArgumentException(at + "scopes must include openid and email (CloudRoutes needs the "
                        + "verified email address from the ID token), but are " + provider.scopes());
            }
            for (String domain : provider.allowedEmailDomains()) {
                if (!DOMAIN.matcher(domain).matches()) {
                    throw new IllegalArgumentException(at + "allowed-email-domains must be domain names like "
                            + "example.com, but has '" + domain + "'");
                }
            }
        }
    }

    /** The provider with this id, if it is configured. */
    java.util.Optional<Provider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static void required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required: " + what);
        }
    }

    private static void checkIssuer(String name, String issuer) {
        required(name, issuer, "the provider's issuer URL, e.g. https://example.okta.com/oauth2/default");
        URI uri;
        try {
            uri = URI.create(issuer.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: '" + issuer + "'", e);
        }
        String host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme())
                && host != null
                && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost"));
        if (host == null || !(https || loopback)) {
            throw new IllegalArgumentException(name + " must be an https:// URL (http:// only for a provider on this "
                    + "machine: 127.0.0.1, [::1] or localhost), but is '" + issuer + "'");
        }
    }

    /**
     * One OpenID Connect provider.
     *
     * @param id                  names the provider in URLs: log-in starts at {@code /oauth2/authorization/{id}} and
     *                            the provider redirects back to {@code {public-url}/login/oauth2/code/{id}}
     * @param displayName         the name on the log-in button ("Log in with …")
     * @param issuerUri           the provider's issuer; its settings are read from
     *                            {@code {issuer-uri}/.well-known/openid-configuration} at the first log-in
     * @param clientId            the client id of CloudRoutes at the provider
     * @param clientSecret        its client secret (never logged, never shown)
     * @param scopes              the scopes asked for; must include openid and email
     * @param allowedEmailDomains the email domains that may link or create accounts (empty: any)
     * @param autoProvision       whether a first log-in with an email no account has creates an account
     */
    record Provider(
            String id,
            String displayName,
            String issuerUri,
            String clientId,
            String clientSecret,
            @DefaultValue({"openid", "email", "profile"}) List<String> scopes,
            @DefaultValue List<String> allowedEmailDomains,
            @DefaultValue("false") boolean autoProvision) {

        Provider {
            id = id == null ? null : id.trim();
            issuerUri = issuerUri == null ? null : issuerUri.trim();
            scopes = scopes == null
                    ? List.of()
                    : scopes.stream().map(String::trim).toList();
            List<String> domains = new ArrayList<>();
            for (String domain : allowedEmailDomains == null ? List.<String>of() : allowedEmailDomains) {
                // "@example.com" and "Example.COM" mean example.com
                domains.add(domain.trim().replaceFirst("^@", "").toLowerCase(Locale.ROOT));
            }
            allowedEmailDomains = List.copyOf(domains);
        }

        /** Whether an email at this address may link to or create an account through this provider. */
        boolean allowsDomainOf(String email) {
            if (allowedEmailDomains.isEmpty()) {
                return true;
            }
            String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            return allowedEmailDomains.contains(domain);
        }

        /** Without the client secret, which must never reach a log. */
        @Override
        public String toString() {
            return "Provider[id=" + id + ", displayName=" + displayName + ", issuerUri=" + issuerUri + ", clientId="
                    + clientId + ", clientSecret=(hidden), scopes=" + scopes + ", allowedEmailDomains="
                    + allowedEmailDomains + ", autoProvision=" + autoProvision + "]";
        }
    }
}
