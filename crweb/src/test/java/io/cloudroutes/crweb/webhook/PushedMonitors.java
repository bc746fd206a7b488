package io.cloudroutes.crweb.webhook;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.FlashMap;

/** Creates pushed monitors through the form as a user would, and reads what their endpoints appended. */
public final class PushedMonitors {

    /** A monitor created through the form, and the secret the next page showed once. */
    public record Created(long id, String secret, FlashMap flash) {}

    private final MockMvc mvc;
    private final RequestPostProcessor owner;
    private final RedisCommands<String, String> redis;

    public PushedMonitors(MockMvc mvc, RequestPostProcessor owner, RedisCommands<String, String> redis) {
        this.mvc = mvc;
        this.owner = owner;
        this.redis = redis;
    }

    public Created create(String type, Map<String, String> settings) throws Exception {
        var request = post("/monitors")
                .with(csrf())
                .with(owner)
                .param("name", type + " " + UUID.randomUUID())
                .param("checkType", type)
                .param("intervalSeconds", "60")
                .param("timeoutSeconds", "10")
                .param("failThreshold", "1")
                .param("recoverThreshold", "1")
                .param("enabled", "true")
                .param("zones", "default")
                .param("quorum", "MAJORITY");
        settings.forEach((name, value) -> request.param("settings[" + name + "]", value));
        MvcResult result =
                mvc.perform(request).andExpect(status().is3xxRedirection()).andReturn();
        String location = result.getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        return new Created(id, (String) result.getFlashMap().get("pushSecret"), result.getFlashMap());
    }

    /** The results the monitor's endpoint appended to the stream the actioners read, oldest first. */
    public List<CheckResult> appended(long monitorId) {
        return redis.xrange(RedisKeys.RESULTS_STREAM, Range.create("-", "+")).stream()
                .map(m -> MessageCodec.fromJson(m.getBody().get(RedisKeys.RESULTS_STREAM_FIELD), CheckResult.class))
                .filter(r -> r.monitorId() == monitorId)
                .toList();
    }

    static String datadogPayload(String id, String transition) {
        return """
                {"id":"%s","alert_transition":"%s","alert_type":"error","title":"[Triggered] p99 latency on shop",\
                "body":"p99 is 2.4 s","link":"https://app.datadoghq.com/monitors/1"}""".formatted(id, transition);
    }

    static String alertmanagerPayload(String... alerts) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"x\\"}","status":"firing","receiver":"cloudroutes",\
                "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",\
                "truncatedAlerts":0,"alerts":[%s]}""".formatted(String.join(",", alerts));
    }

    static String alert(String status, String fingerprint, String name, String instance, String summary) {
        return """
                {"status":"%s","labels":{"alertname":"%s","instance":"%s","job":"node","severity":"page"},\
                "annotations":{"summary":"%s"},"startsAt":"2026-11-25T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",\
                "generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}""".formatted(status, name, instance, summary, fingerprint);
    }
}
