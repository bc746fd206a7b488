package io.cloudroutes.core.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each log event as one JSON object on one line, with the field names of Elastic Common Schema that log
 * shippers know ({@code @timestamp}, {@code log.level}, {@code log.logger}, {@code process.thread.name},
 * {@code message}, {@code error.*}) and the ids of {@link LogContext} as top-level fields ({@code monitor},
 * {@code reaction}, {@code run}), so that one query finds a monitor's lines in every process.
 */
public final class JsonLines extends EncoderBase<ILoggingEvent> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("log.level", event.getLevel().toString());
        line.put("log.logger", event.getLoggerName());
        line.put("process.thread.name", event.getThreadName());
        line.put("message", event.getFormattedMessage());
        event.getMDCPropertyMap().forEach(line::putIfAbsent);
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> line.putIfAbsent(pair.key, String.valueOf(pair.value)));
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.put("error.type", error.getClassName());
            line.put("error.message", error.getMessage());
            line.put("error.stack_trace", ThrowableProxyUtil.asString(error));
        }
        return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
