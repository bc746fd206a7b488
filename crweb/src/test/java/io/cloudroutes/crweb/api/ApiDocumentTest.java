package io.cloudroutes.crweb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * What the REST API v1 says of itself: a valid OpenAPI document describing it, and the check and reaction types with
 * their settings.
 */
class ApiDocumentTest extends PeopleWithApiKeys {

    @Test
    void checkAndReactionTypesDescribeTheirSettings() throws Exception {
        mvc.perform(as(aliceKey, get("/api/v1/check-types")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == 'http')].settings[?(@.name == 'url')].required")
                        .value(hasItem(true)))
                .andExpect(jsonPath("$[?(@.id == 'tcp')].settings[?(@.name == 'port')].max")
                        .value(hasItem(65535)));
        mvc.perform(as(aliceKey, get("/api/v1/reaction-types")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(hasItem("email")));
    }

    @Test
    void theOpenApiDocumentIsValidAndDescribesTheApi() throws Exception {
        String document = mvc.perform(get("/api/v1/openapi.json"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, null);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getInfo().getTitle()).isEqualTo("CloudRoutes API");
        assertThat(api.getPaths())
                .containsKeys(
                        "/api/v1/monitors",
                        "/api/v1/monitors/{id}",
                        "/api/v1/monitors/{id}/status",
                        "/api/v1/monitors/{id}/events",
                        "/api/v1/monitors/{id}/reaction-runs",
                        "/api/v1/monitors/{id}/override",
                        "/api/v1/monitors/{id}/reactions/{reactionId}",
                        "/api/v1/reactions",
                        "/api/v1/reactions/{id}",
                        "/api/v1/api-keys",
                        "/api/v1/check-types",
                        "/api/v1/reaction-types",
                        "/api/v1/config",
                        "/api/v1/config/plan",
                        "/api/v1/config/apply");
        assertThat(api.getPaths()
                        .get("/api/v1/monitors")
                        .getPost()
                        .getRequestBody()
                        .getContent()
                        .get("application/json")
                        .getSchema()
                        .get$ref())
                .endsWith("MonitorRequest");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getScheme())
                .isEqualTo("bearer");
        assertThat(api.getComponents().getSchemas()).containsKeys("ApiError", "MonitorView", "StatusView");
        assertThat(api.getPaths().get("/api/v1/monitors/{id}").getGet().getResponses())
                .containsKey("404");
    }
}
