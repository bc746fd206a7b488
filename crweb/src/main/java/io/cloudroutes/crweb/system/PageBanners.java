package io.cloudroutes.crweb.system;

import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Warnings every page shows: email only logged, live state unavailable or being rebuilt, checks held back. Read for
 * pages only: an answer of the REST API or a webhook (a {@code @ResponseBody} or {@code ResponseEntity} handler) shows
 * none, so it costs no Redis read.
 */
@ControllerAdvice
class PageBanners {

    private final LiveRedis redis;

    PageBanners(LiveRedis redis) {
        this.redis = redis;
    }

    /** "log-only", "smtp", or "unavailable" when Redis cannot be reached. */
    @ModelAttribute("mailMode")
    String mailMode(HttpServletRequest request) {
        if (!rendersPage(request)) {
            return null;
        }
        try {
            String mode = redis.connection().sync().get(RedisKeys.MAIL_MODE);
            return mode == null ? "unknown" : mode;
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }

    /** Since when live state is being rebuilt after Redis lost its data (epoch ms), or null when it is not. */
    @ModelAttribute("liveRebuildingSince")
    String liveRebuildingSince(HttpServletRequest request) {
        if (!rendersPage(request)) {
            return null;
        }
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
    ChecksDelayed checksDelayed(HttpServletRequest request) {
        if (!rendersPage(request)) {
            return null;
        }
        try {
            String json = redis.connection().sync().get(RedisKeys.CHECKS_DELAYED);
            return json == null ? null : MessageCodec.fromJson(json, ChecksDelayed.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the request's handler renders a view, which the banners are for; true when it cannot be told. */
    static boolean rendersPage(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)) {
            return true;
        }
        return !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
                && !handler.hasMethodAnnotation(ResponseBody.class)
                && !HttpEntity.class.isAssignableFrom(handler.getReturnType().getParameterType());
    }
}
