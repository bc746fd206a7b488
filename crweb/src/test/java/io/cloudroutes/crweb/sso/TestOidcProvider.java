package io.cloudroutes.crweb.sso;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID Connect provider for the single sign-on tests: Spring Authorization Server in an application context of
 * its own, on a random loopback port, with form log-in for its people and one registered client (authorization code,
 * PKCE, no consent) per CloudRoutes provider id. Its ID tokens carry each person's {@code email} and
 * {@code email_verified}.
 */
final class TestOidcProvider implements AutoCloseable {

    /** A person with an account at the provider. */
    record Person(String username, String password, String email, boolean emailVerified) {}

    /** A client registered at the provider: CloudRoutes under one provider id, sent back to this redirect URI. */
    record Client(String clientId, String clientSecret, String redirectUri) {}

    private final ConfigurableApplicationContext context;

    private TestOidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static TestOidcProvider start(List<Person> people, List<Client> clients) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        // none of crweb's configuration files
                        "spring.config.name=test-oidc-provider",
                        "spring.main.banner-mode=off",
                        "server.address=127.0.0.1",
                        "server.port=0",
                        // cookies do not tell ports apart: its session cookie must not replace crweb's on 127.0.0.1
                        "server.servlet.session.cookie.name=PROVIDER_SESSION")
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("people", new People(people));
                    ctx.getBeanFactory().registerSingleton("clients", new Clients(clients));
                })
                .run();
        return new TestOidcProvider(context);
    }

    /** The issuer, e.g. {@code http://127.0.0.1:41234}. */
    String issuer() {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }

    record People(List<Person> all) {
        Person named(String username) {
            return all.stream()
                    .filter(p -> p.username().equals(username))
                    .findFirst()
                    .orElseThrow();
        }
    }

    record Clients(List<Client> all) {}

    // not a @Configuration: crweb's component scan, which reaches this package, must not find it
    @EnableWebSecurity
    @ImportAutoConfiguration({
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class
    })
    static class ProviderApplication {

        @Bean
        @Order(1)
        SecurityFilterChain protocolEndpoints(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> {
                        http.securityMatcher(server.getEndpointsMatcher());
                        server.oidc(Customizer.withDefaults());
                    })
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    // the user info endpoint takes the access token
                    .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()))
                    .exceptionHandling(
                            errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain logIn(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users(People people) {
            return new InMemoryUserDetailsManager(people.all().stream()
                    .map(p -> User.withUsername(p.username())
                            .password("{noop}" + p.password())
                            .roles("USER")
                            .build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository registeredClients(Clients clients) {
            return new InMemoryRegisteredClientRepository(clients.all().stream()
                    .map(c -> RegisteredClient.withId(UUID.randomUUID().toString())
                            .clientId(c.clientId())
                            .clientSecret("{noop}" + c.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(c.redirectUri())
                            .scope(OidcScopes.OPENID)
                            .scope(OidcScopes.EMAIL)
                            .scope(OidcScopes.PROFILE)
                            .clientSettings(ClientSettings.builder()
                                    .requireAuthorizationConsent(false)
                                    .requireProofKey(true)
                                    .build())
                            .build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailInIdTokens(People people) {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    Person person = people.named(context.getPrincipal().getName());
                    context.getClaims()
                            .claims(claims -> claims.putAll(
                                    Map.of("email", person.email(), "email_verified", person.emailVerified())));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> signingKeys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return NimbusJwtDecoder.withJwkSource(keys).build();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
