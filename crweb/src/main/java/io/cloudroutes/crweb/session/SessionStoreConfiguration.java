package io.cloudroutes.crweb.session;

import io.cloudroutes.crweb.account.CurrentUser;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.Session;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Log-in sessions in PostgreSQL (Spring Session JDBC, tables from migration V18): they outlive a restart, every crweb
 * replica sees the same ones, and each is indexed by the account it belongs to, so that a person can list and end
 * theirs.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SessionStoreConfiguration.class);

    /** After Boot's own customizer (which sets the timeout from spring.session.timeout): these settings win. */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> crwebSessionStore(SessionExpiryProperties expiry) {
        return repository -> {
            // the store drops a session idle this long; SessionLifetime checks the same limit by crweb's clock
            repository.setDefaultMaxInactiveInterval(expiry.idleTimeout());
            repository.setIndexResolver(new AccountIndex());
            repository.setConversionService(toleratingOldAttributes());
        };
    }

    /**
     * Java serialization, as Spring Session's default, except that an attribute written by an older crweb that this
     * one cannot read any more (a class that changed shape) reads as absent, instead of failing every request of that
     * session: the person is asked to log in again.
     */
    private static GenericConversionService toleratingOldAttributes() {
        DeserializingConverter deserializer =
                new DeserializingConverter(SessionStoreConfiguration.class.getClassLoader());
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, bytes -> {
            try {
                return deserializer.convert(bytes);
            } catch (SerializationFailedException e) {
                log.warn(
                        "a session attribute could not be read and is ignored error={}",
                        e.getMostSpecificCause().toString());
                return null;
            }
        });
        return conversions;
    }

    /**
     * Indexes a session by the id of the account signed in to it (as {@link
     * FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME}), so that its person's sessions can be found; a
     * session before log-in has no index.
     */
    static final class AccountIndex implements IndexResolver<Session> {

        @Override
        public Map<String, String> resolveIndexesFor(Session session) {
            Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            if (context instanceof SecurityContext security
                    && security.getAuthentication() != null
                    && security.getAuthentication().getPrincipal() instanceof CurrentUser user) {
                return Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, indexOf(user.id()));
            }
            return Map.of();
        }
    }

    /** The index value of an account's sessions. */
    static String indexOf(long accountId) {
        return String.valueOf(accountId);
    }
}
