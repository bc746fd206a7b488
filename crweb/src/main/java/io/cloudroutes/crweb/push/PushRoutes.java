package io.cloudroutes.crweb.push;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PushedCheckType;
import io.cloudroutes.checks.push.JsonWebhook;
import io.cloudroutes.checks.push.Pings;
import io.cloudroutes.checks.push.PushRoute;
import io.cloudroutes.checks.push.PushUrl;
import io.cloudroutes.checks.push.UrlWebhook;
import io.cloudroutes.core.plugin.PluginRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The routes of every pushed check type on the class path, by the path they claim: what crweb's one webhook controller
 * and one ping controller serve. A webhook path belongs to one type; two types claiming the same path stop crweb at
 * start, naming both, instead of one of them silently losing its deliveries.
 */
@Component
public class PushRoutes {

    /** A route and the check type whose monitors it takes. */
    public record Owned<R extends PushRoute>(String typeId, R route) {}

    private final Map<String, Owned<JsonWebhook>> jsonByPath = new HashMap<>();
    private final Map<String, Owned<UrlWebhook>> urlByPath = new HashMap<>();
    private final Map<String, Owned<Pings>> pingsByType = new HashMap<>();
    private final Map<String, List<PushRoute>> routesByType = new HashMap<>();

    PushRoutes(PluginRegistry<CheckType> types) {
        Map<String, String> pathOwners = new HashMap<>();
        for (CheckType type : types.all()) {
            if (!(type instanceof PushedCheckType pushed)) {
                continue;
            }
            List<PushRoute> routes = List.copyOf(pushed.routes());
            routesByType.put(type.id(), routes);
            for (PushRoute route : routes) {
                switch (route) {
                    case JsonWebhook json -> claim(jsonByPath, pathOwners, json.path(), type.id(), json);
                    case UrlWebhook url -> claim(urlByPath, pathOwners, url.path(), type.id(), url);
                    case Pings pings -> {
                        if (pingsByType.putIfAbsent(type.id(), new Owned<>(type.id(), pings)) != null) {
                            throw new IllegalStateException(
                                    "check type '" + type.id() + "' declares two ping routes; it may have one");
                        }
                    }
                }
            }
        }
    }

    private static <R extends PushRoute> void claim(
            Map<String, Owned<R>> routes, Map<String, String> pathOwners, String path, String typeId, R route) {
        String owner = pathOwners.putIfAbsent(path, typeId);
        if (owner != null && !owner.equals(typeId)) {
            throw new IllegalStateException("check types '" + owner + "' and '" + typeId + "' both claim "
                    + PushRoute.WEBHOOKS + path + "/; install only one of them");
        }
        if (routes.putIfAbsent(path, new Owned<>(typeId, route)) != null) {
            throw new IllegalStateException("check type '" + typeId + "' declares two routes of the same kind at "
                    + PushRoute.WEBHOOKS + path + "/");
        }
    }

    public Optional<Owned<JsonWebhook>> json(String path) {
        return Optional.ofNullable(jsonByPath.get(path));
    }

    public Optional<Owned<UrlWebhook>> byUrl(String path) {
        return Optional.ofNullable(urlByPath.get(path));
    }

    public Optional<Owned<Pings>> pings(String typeId) {
        return Optional.ofNullable(pingsByType.get(typeId));
    }

    /** The URLs senders call for a monitor of {@code typeId}, in the order its type lists them; none for polled types. */
    public List<PushUrl> urls(String typeId, String baseUrl, long monitorId, String secret) {
        return routesByType.getOrDefault(typeId, List.of()).stream()
                .flatMap(route -> route.urls(baseUrl, monitorId, secret).stream())
                .toList();
    }
}
