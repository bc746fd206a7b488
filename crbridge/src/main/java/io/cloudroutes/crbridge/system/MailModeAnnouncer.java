package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.reactions.ReactionServices;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells operators (log) and users (crweb reads the Redis key) whether email is delivered or only logged. */
@Component
class MailModeAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(MailModeAnnouncer.class);

    private final ReactionServices services;
    private final StatefulRedisConnection<String, String> redis;

    MailModeAnnouncer(ReactionServices services, StatefulRedisConnection<String, String> redis) {
        this.services = services;
        this.redis = redis;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        boolean smtp = services.mailer().isPresent();
        try {
            redis.sync().set(RedisKeys.MAIL_MODE, smtp ? "smtp" : "log-only");
        } catch (RuntimeException e) {
            log.warn("could not record the mail mode in Redis error={}", e.toString());
        }
        if (smtp) {
            log.info("email reactions deliver through SMTP");
        } else {
            log.warn("no SMTP server configured (CLOUDROUTES_SMTP_HOST): email reactions are logged, not sent");
        }
    }
}
