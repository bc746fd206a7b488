package io.cloudroutes.crweb.system;

import io.cloudroutes.core.Limits;
import io.cloudroutes.core.config.MailSettings;
import io.cloudroutes.core.config.PublicUrls;
import io.cloudroutes.core.config.RedisUrl;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.reactions.SmtpSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of crweb, bound from {@code cloudroutes.*} (environment: CLOUDROUTES_REDIS_URL, CLOUDROUTES_PUBLIC_URL, …).
 * Validated at start, so a mistyped value stops crweb with the property's name instead of failing later. Settings
 * crbridge or the cram processes read too are checked by the same rule in core, with the same names: the Redis URL
 * ({@link RedisUrl}), the mail settings ({@link MailSettings}), the public URL ({@link PublicUrls#check}) and the
 * secret key ({@link SecretBox}). {@code publicUrl} may be absent: links then point where the UI is served (see
 * {@link PublicUrl}).
 */
@Validated
@ConfigurationProperties("cloudroutes")
public record CrwebProperties(
        @NotNull @DefaultValue Redis redis,
        @NotNull @DefaultValue Monitors monitors,
        @NotNull @DefaultValue SmtpSettings smtp,
        @NotNull @DefaultValue MailSettings mail,
        String publicUrl,

        @NotBlank(
                message =
                        "is required: set CLOUDROUTES_SECRET_KEY to 32 random bytes in base64 (openssl rand -base64 32), "
                                + "the same for crweb, crbridge and every worker; secret settings are encrypted with it")
        String secretKey) {

    public CrwebProperties {
        publicUrl = PublicUrls.check(publicUrl);
        // blank is left to @NotBlank, which says what to set
        SecretBox.fromOptionalBase64(secretKey);
    }

    /**
     * Where live state is read, and how a webhook's write is made to survive a failover.
     *
     * @param url               {@code redis://…} or {@code redis-sentinel://…#primary-name}
     * @param replicaAcks       how many replicas must confirm a webhook's write before it is answered 2xx; -1
     *                          (default): 1 while the primary reports a connected replica, none for a single Redis
     * @param replicaAckTimeout how long to wait for them; without them in time the webhook is answered 503
     */
    public record Redis(
            String url,
            @Min(-1) @DefaultValue("-1") int replicaAcks,
            @NotNull @DefaultValue("1s") Duration replicaAckTimeout) {

        public Redis {
            url = RedisUrl.check(url);
        }
    }

    /** Limits on what users may configure. */
    public record Monitors(
            @Min(Limits.IntervalSeconds.MIN) @DefaultValue("10")
            int minIntervalSeconds,

            @Max(Limits.IntervalSeconds.MAX) @DefaultValue("86400")
            int maxIntervalSeconds) {}
}
