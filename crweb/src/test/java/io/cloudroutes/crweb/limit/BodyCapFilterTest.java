package io.cloudroutes.crweb.limit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever reads a request body under the cap (a filter or library that reads a whole body before the endpoint's own
 * limit applies) gets at most the cap and one byte, and the request is answered 413 with the API's JSON error,
 * keeping the headers already set.
 */
class BodyCapFilterTest {

    static final int CAP = 1024 * 1024;
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aReaderOfAWholeBodyGetsNoMoreThanTheCapAndTheRequestIs413() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/monitors/1");
        request.setContentType("application/x-www-form-urlencoded");
        request.setContent(new byte[5 * 1024 * 1024]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicLong read = new AtomicLong();
        FilterChain readsEverything = (req, res) -> {
            ((jakarta.servlet.http.HttpServletResponse) res).setHeader("X-Content-Type-Options", "nosniff");
            byte[] buffer = new byte[8192];
            try (InputStream in = req.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read.addAndGet(n);
                }
            }
        };

        new BodyCapFilter(CAP, json).doFilter(request, response, readsEverything);

        assertThat(read.get()).isLessThanOrEqualTo(CAP);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/json");
        JsonNode error = json.readTree(response.getContentAsString());
        assertThat(error.get("code").asString()).isEqualTo("body_too_large");
        assertThat(error.get("fields").get("body").asString()).startsWith("at most 1 MiB");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aBodyWithinTheCapIsReadWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/monitors");
        request.setContent(new byte[CAP]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicLong read = new AtomicLong();
        new BodyCapFilter(CAP, json)
                .doFilter(
                        request,
                        response,
                        (req, res) -> read.set(req.getInputStream().readAllBytes().length));
        assertThat(read.get()).isEqualTo(CAP);
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
