package io.cloudroutes.core.log;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cloudroutes.core.config.Env;
import java.util.Locale;
import java.util.Map;

/**
 * The encoder of every process's console, in the format CLOUDROUTES_LOG_FORMAT picks (a system property of that name
 * wins): {@code text} (the default), readable lines in the encoder's pattern, or {@code json}, one JSON object per line
 * ({@link JsonLines}) with the ids of {@link LogContext} as fields. An unknown value logs as text and says so, instead
 * of leaving the process without logs.
 */
public final class LogFormat extends PatternLayoutEncoder {

    /** The setting. */
    public static final String VARIABLE = "CLOUDROUTES_LOG_FORMAT";

    // made only when asked for: a process that logs text never loads a JSON mapper for its logs
    private JsonLines json;
    private boolean jsonLines;

    @Override
    public void start() {
        jsonLines = isJson(configured());
        if (jsonLines) {
            json = new JsonLines();
            json.setContext(getContext());
            json.start();
        }
        super.start();
    }

    /** The setting as the environment has it, a system property of that name winning over the variable. */
    private static String configured() {
        String property = System.getProperty(VARIABLE);
        Env env = Env.system();
        return (property == null ? env : env.overriddenBy(Map.of(VARIABLE, property))).get(VARIABLE, null);
    }

    /** Whether a configured value (null or blank: text) asks for JSON lines. */
    static boolean isJson(String configured) {
        if (configured == null || configured.isBlank()) {
            return false;
        }
        String value = configured.trim().toLowerCase(Locale.ROOT);
        if (value.equals("json")) {
            return true;
        }
        if (!value.equals("text")) {
            // logback's own status messages are shown only when something failed: say it where people look
            System.err.println(VARIABLE + "=" + configured + " is not a log format: use json or text; logging as text");
        }
        return false;
    }

    @Override
    public byte[] headerBytes() {
        return jsonLines ? json.headerBytes() : super.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return jsonLines ? json.encode(event) : super.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return jsonLines ? json.footerBytes() : super.footerBytes();
    }
}
