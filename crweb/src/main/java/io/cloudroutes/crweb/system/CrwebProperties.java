package io.cloudroutes.crweb.system;

import io.cloudroutes.reactions.SmtpSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of crweb, bound from {@code cloudroutes.*} (environment: CLOUDROUTES_REDIS_URL, CLOUDROUTES_PUBLIC_URL, …).
 * Validated at start, so a mistyped value stops crweb with the property's name instead of failing later.
 * {@code publicUrl} may be absent: links then point where the UI is served (see {@link PublicUrl}).
 */
@Validated
@ConfigurationProperties("cloudroutes")
public record CrwebProperties(
        @NotNull @DefaultValue Redis redis,
        @NotNull @DefaultValue Monitors monitors,
        @NotNull @DefaultValue SmtpSettings smtp,
        @NotBlank @DefaultValue("cloudroutes@localhost") String mailFrom,

        @Pattern(
                regexp = "|https?://\\S+",
                message = "must be an http:// or https:// URL, e.g. https://cloudroutes.example.com")
        String publicUrl,

        @NotBlank(
                message =
                        "is required: set CLOUDROUTES_SECRET_KEY to 32 random bytes in base64 (openssl rand -base64 32), "
                                + "the same for crweb, crbridge and every worker; secret settings are encrypted with it")
        String secretKey) {

    /**
     * Where live state is read, and how a webhook's write is made to survive a failover.
     *
     * @param url               {@code redis://…} or {@code redis-sentinel://…#primary-name}
     * @param replicaAcks       how many replicas must confirm a webhook's write before it is answered 2xx; -1
     *                          (default): 1 while the primary reports a connected replica, none for a single Redis
     * @param replicaAckTimeout how long to wait for them; without them in time the webhook is answered 503
     */
    public record Redis(
            @NotBlank @DefaultValue("redis://localhost:6379")
            String url,

            @Min(-1) @DefaultValue("-1") int replicaAcks,
            @NotNull @DefaultValue("1s") Duration replicaAckTimeout) {}

    /** Limits on what users may configure. */
    public record Monitors(
            @Min(1) @DefaultValue("10") int minIntervalSeconds,
            @Max(86_400) @DefaultValue("86400") int maxIntervalSeconds) {}
}
