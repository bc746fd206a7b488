package io.cloudroutes.crweb.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** Describes the REST API v1 in the OpenAPI document crweb serves at /api/v1/openapi.json. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "CloudRoutes API", version = "v1",
                description = "Monitors, reactions, their links, live status, history and manual overrides. "
                        + "Authenticate with an API key: 'Authorization: Bearer <key>'. Errors are JSON objects "
                        + "with 'code', 'message' and, for invalid input, 'fields'."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key created on the API keys page or with POST /api/v1/api-keys")
class OpenApiConfiguration {
}
