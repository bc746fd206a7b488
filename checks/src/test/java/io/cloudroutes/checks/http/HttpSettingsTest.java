package io.cloudroutes.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What saving an http monitor with bad settings tells the user, field by field. */
class HttpSettingsTest {

    private static final String URL = "https://shop.example.com/health";

    private final HttpCheckType type = new HttpCheckType();

    private Map<String, String> errors(String... keysAndValues) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("url", URL);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return type.validate(values);
    }

    @Test
    void acceptsEveryNewSettingWhenWellFormed() {
        assertThat(errors(
                        "method",
                        "POST",
                        "body",
                        "{\"probe\": true}",
                        "bodyContentType",
                        "application/json",
                        "headers",
                        "Authorization: Bearer x",
                        "hostHeader",
                        "shop.example.com:8443",
                        "followRedirects",
                        "false",
                        "verifyTls",
                        "false",
                        "regex",
                        "\"status\":\\s*\"(ok|up)\"",
                        "regexMode",
                        "absent",
                        "jsonConditions",
                        "$.status == \"ok\"\n\n$.items[?(@.price < 10)].length() >= 1",
                        "maxResponseTimeMs",
                        "500"))
                .isEmpty();
    }

    @Test
    void rejectsAnInvalidRegularExpressionAndSaysWhy() {
        assertThat(errors("regex", "status: (ok|up"))
                .containsOnlyKeys("regex")
                .containsEntry("regex", "Regular expression is not valid: Unclosed group at position 14");
    }

    @Test
    void rejectsAJsonConditionWithoutOperatorNamingTheLine() {
        assertThat(errors("jsonConditions", "$.status == \"ok\"\n$.queue 100"))
                .containsEntry(
                        "jsonConditions",
                        "JSON conditions: line 2: no operator; write <JSON path> <operator> <value>, e.g. $.status == \"ok\","
                                + " with one of == != < <= > >= contains");
    }

    @Test
    void rejectsAJsonConditionWithAnUnquotedString() {
        assertThat(errors("jsonConditions", "$.status == ok"))
                .containsEntry(
                        "jsonConditions",
                        "JSON conditions: line 1: 'ok' is not a value; write a number, a \"quoted string\", true, false or null");
    }

    @Test
    void rejectsAnInvalidJsonPath() {
        assertThat(errors("jsonConditions", "$.queue size == 1"))
                .containsEntry(
                        "jsonConditions",
                        "JSON conditions: line 1: invalid JSON path '$.queue size': Use bracket notion ['my prop'] if your"
                                + " property contains blank characters. position: 2");
        assertThat(errors("jsonConditions", "status == \"ok\""))
                .containsEntry(
                        "jsonConditions",
                        "JSON conditions: line 1: the JSON path 'status' must start with $, e.g. $.status");
    }

    @Test
    void rejectsAnOrderingComparisonWithoutANumber() {
        assertThat(errors("jsonConditions", "\n$.queue < \"100\""))
                .containsEntry(
                        "jsonConditions",
                        "JSON conditions: line 2: '<' compares numbers; write a number after it, e.g. $.queue < 100");
    }

    @Test
    void rejectsABodyOnAMethodWithoutOne() {
        assertThat(errors("body", "{}"))
                .containsOnlyKeys("body")
                .containsEntry(
                        "body",
                        "Request body: GET requests carry no body; choose POST, PUT, PATCH or DELETE, or clear the body");
    }

    @Test
    void rejectsABadBodyContentType() {
        assertThat(errors("method", "POST", "body", "x", "bodyContentType", "json"))
                .containsOnlyKeys("bodyContentType")
                .containsEntry("bodyContentType", "Body content type must be a media type like application/json");
    }

    @Test
    void rejectsHeadersThatOtherSettingsOwn() {
        assertThat(errors("headers", "Host: shop.example.com"))
                .containsEntry(
                        "headers", "Request headers: set the Host header with the 'Host header' setting, not here");
        assertThat(errors("method", "POST", "body", "x", "headers", "Content-Type: text/plain"))
                .containsEntry(
                        "headers",
                        "Request headers: the body's Content-Type is set by 'Body content type'; remove it from the headers");
        assertThat(errors("headers", "Content-Length: 3"))
                .containsEntry(
                        "headers", "Request headers: Content-Length is worked out from the request body; remove it");
    }

    @Test
    void rejectsABadHostOverride() {
        assertThat(errors("hostHeader", "https://shop.example.com/"))
                .containsEntry(
                        "hostHeader",
                        "Host header must be a host name, optionally with a port, e.g. shop.example.com or shop.example.com:8443");
        assertThat(errors("hostHeader", "shop.example.com:70000"))
                .containsEntry("hostHeader", "Host header: port 70000 is not between 1 and 65535");
    }

    @Test
    void rejectsBodyConditionsOnHeadRequests() {
        assertThat(errors("method", "HEAD", "keyword", "ok", "jsonConditions", "$.a == 1"))
                .containsOnlyKeys("keyword", "jsonConditions")
                .containsEntry("keyword", "Keyword: HEAD responses have no body; use GET to check the body");
    }

    @Test
    void rejectsBadSwitchesAndLimits() {
        assertThat(errors("followRedirects", "yes", "verifyTls", "off", "maxResponseTimeMs", "0", "regexMode", "maybe"))
                .containsEntry("followRedirects", "Follow redirects must be true or false")
                .containsEntry("verifyTls", "Verify TLS certificate must be true or false")
                .containsEntry("maxResponseTimeMs", "Maximum response time (ms) must be between 1 and 300000")
                .containsEntry("regexMode", "Regular expression match must be one of present, absent");
    }

    @Test
    void rejectsCredentialsInTheUrl() {
        assertThat(type.validate(Map.of("url", "https://admin:secret@shop.example.com/health")))
                .containsEntry(
                        "url",
                        "URL must not contain a user name or password; send credentials in an Authorization header");
    }

    @Test
    void rejectsUnknownSettings() {
        assertThat(errors("timeoutMs", "500").get("timeoutMs"))
                .startsWith("unknown setting 'timeoutMs'; allowed: url, method,");
    }
}
