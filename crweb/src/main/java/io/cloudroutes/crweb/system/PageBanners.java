package io.cloudroutes.crweb.system;

import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Warnings every page shows: email only logged, live state unavailable or being rebuilt, checks held back. */
@ControllerAdvice
class PageBanners {

    private final LiveRedis redis;

    PageBanners(LiveRedis redis) {
        this.redis = redis;
    }

    /** "log-only", "smtp", or "unavailable" when Redis cannot be reached. */
    @ModelAttribute("mailMode")
    String mailMode() {
        try {
            String mode = redis.connection().sync().get(RedisKeys.MAIL_MODE);
            return mode == null ? "unknown" : mode;
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }

    /** Since when live state is being rebuilt after Redis lost its data (epoch ms), or null when it is not. */
    @ModelAttribute("liveRebuildingSince")
    String liveRebuildingSince() {
        try {
            return redis.connection().sync().get(RedisKeys.REBUILDING);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Why checks are running late, when a control holds them back because results wait to be folded (the actioners are
     * behind); null when they run on time, or when Redis cannot say (the live-state banner says that).
     */
    @ModelAttribute("checksDelayed")
    ChecksDelayed checksDelayed() {
        try {
            String json = redis.connection().sync().get(RedisKeys.CHECKS_DELAYED);
            return json == null ? null : MessageCodec.fromJson(json, ChecksDelayed.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
