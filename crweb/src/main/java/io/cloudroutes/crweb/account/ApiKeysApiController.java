package io.cloudroutes.crweb.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API keys through the API itself, so that a program holding one key can rotate it. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys")
class ApiKeysApiController {

    private final ApiKeyService keys;

    ApiKeysApiController(ApiKeyService keys) {
        this.keys = keys;
    }

    /** What may be asked of a new key. */
    record NewKey(
            @Schema(
                    description = "who uses the key, 1 to 100 characters",
                    example = "terraform",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String name,

            @Schema(
                    description = "READ_WRITE (the default) may do everything you may; READ_ONLY may read but "
                            + "change nothing: every POST, PUT, PATCH and DELETE with it is answered 403 read_only_key")
            ApiKeyScope scope,

            @Schema(
                    description = "when the key stops working (ISO-8601, e.g. 2027-01-01T00:00:00Z), at most 3650 "
                            + "days from now; leave it and expiresInDays out for a key that does not expire")
            Instant expiresAt,

            @Schema(
                    description = "days from now until the key stops working, 1 to 3650; instead of expiresAt",
                    example = "90")
            Integer expiresInDays) {}

    /**
     * A key as listed; {@code key} is present only in the answer that created it, {@code expiresAt} only when it
     * expires.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(
            long id,
            String name,
            String prefix,
            ApiKeyScope scope,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt,
            String key) {

        static KeyView of(ApiKey key, String value) {
            return new KeyView(
                    key.getId(),
                    key.getName(),
                    key.getPrefix(),
                    key.getScope(),
                    key.getCreatedAt(),
                    key.getExpiresAt(),
                    key.getLastUsedAt(),
                    key.getRevokedAt(),
                    value);
        }
    }

    @Requires(Permission.VIEW)
    @GetMapping
    @Operation(summary = "List your API keys (never their values): scope, expiry, last use")
    List<KeyView> list(ActiveTeam team) {
        return keys.list(team.id()).stream().map(key -> KeyView.of(key, null)).toList();
    }

    @Requires(Permission.EDIT)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a key, read-write or read-only, with or without an expiry; its value is in this "
                    + "answer only")
    KeyView create(ActiveTeam team, @RequestBody NewKey request) {
        ApiKeyService.CreatedKey created = keys.create(
                team,
                request.name(),
                request.scope(),
                keys.expiry(request.expiresAt(), request.expiresInDays(), "expiresInDays"));
        return KeyView.of(created.key(), created.value());
    }

    @Requires(Permission.EDIT)
    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a key; requests with it are refused at once")
    KeyView revoke(ActiveTeam team, @PathVariable long id) {
        return KeyView.of(keys.revoke(team, id), null);
    }
}
