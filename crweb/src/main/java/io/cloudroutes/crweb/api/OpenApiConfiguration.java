package io.cloudroutes.crweb.api;

import io.cloudroutes.crweb.limit.BodyTooLargeException;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the REST API v1 in the OpenAPI document crweb serves at /api/v1/openapi.json. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "CloudRoutes API",
                        version = "v1",
                        description = "Monitors, reactions, their links, live status, history and manual overrides. "
                                + "Authenticate with an API key: `Authorization: Bearer <key>` (create one on the API keys "
                                + "page). On this page, press **Authorize** and paste the key (without `Bearer`) to use "
                                + "**Try it out**: the requests then act as you, for real. Errors are JSON objects with "
                                + "`code`, `message` and, for invalid input, `fields`."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(
        name = "apiKey",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API key created on the API keys page or with POST /api/v1/api-keys. A READ_WRITE key may do "
                + "everything its owner may; a READ_ONLY key may read (GET) but every POST, PUT, PATCH and DELETE "
                + "with it is answered 403 read_only_key. A key may expire: after that it is answered 401 key_expired.")
class OpenApiConfiguration {

    /** Every operation can fail with an {@link ApiError}: say which statuses, so clients generate error types. */
    @Bean
    OpenApiCustomizer apiErrorResponses(RequestLimits limits) {
        String bodyLimit = BodyTooLargeException.readable(limits.requestBody().toBytes());
        return api -> {
            ModelConverters.getInstance().read(ApiError.class).forEach(api.getComponents()::addSchemas);
            Content error = new Content()
                    .addMediaType(
                            "application/json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiError")));
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        ApiResponses responses = operation.getResponses();
                        add(
                                responses,
                                "400",
                                "the body is not JSON, has an unknown field or a value of the wrong kind",
                                error);
                        add(
                                responses,
                                "401",
                                "no API key, or one that is wrong or revoked (code unauthorized), or one that "
                                        + "expired (code key_expired, the message says when)",
                                error);
                        add(
                                responses,
                                "429",
                                "too many requests with a wrong, revoked or expired key came from this address "
                                        + "(code too_many_failures): every key from it is refused until the time the message and "
                                        + "Retry-After give",
                                error);
                        if (method != PathItem.HttpMethod.GET
                                && method != PathItem.HttpMethod.HEAD
                                && method != PathItem.HttpMethod.OPTIONS) {
                            add(
                                    responses,
                                    "403",
                                    "the API key is read-only (code read_only_key): it may read but change "
                                            + "nothing; use a read-write key",
                                    error);
                        }
                        if (path.contains("{")) {
                            add(responses, "404", "no such object, or it belongs to someone else", error);
                        }
                        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
                            add(
                                    responses,
                                    "413",
                                    "the body is larger than " + bodyLimit
                                            + " (cloudroutes.limits.request-body); refused before it was read",
                                    error);
                            add(
                                    responses,
                                    "422",
                                    "readable but not acceptable: 'fields' says what is wrong with each",
                                    error);
                        }
                    }));
        };
    }

    private static void add(ApiResponses responses, String status, String description, Content content) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(
                    status, new ApiResponse().description(description).content(content));
        }
    }
}
