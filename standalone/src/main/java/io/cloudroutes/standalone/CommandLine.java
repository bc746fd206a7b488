package io.cloudroutes.standalone;

import io.cloudroutes.core.config.SettingNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The standalone's command line: {@code --name=value} arguments, as Spring processes take them.
 *
 * <ul>
 *   <li>The standalone's own settings, named like their environment variable in Spring's relaxed form:
 *       {@code --cloudroutes.port=9000} is {@code CLOUDROUTES_PORT=9000}, and an argument wins over the variable
 *       (see {@link #SETTINGS}).</li>
 *   <li>Every other argument is a Spring property for crweb and crbridge, e.g. {@code --cloudroutes.smtp.host=mail}
 *       or {@code --logging.level.io.cloudroutes=DEBUG}. A {@code cloudroutes.*} name must be one that crweb or
 *       crbridge reads, so that a typo is an error instead of a setting silently ignored.</li>
 * </ul>
 * Anything else (a bare word, {@code -p 9000}, {@code --name} without a value) is refused with a message saying what
 * to type.
 */
final class CommandLine {

    /** The standalone's own settings: environment variable and what it sets. */
    static final Map<String, String> SETTINGS = ownSettings();

    /** Spring properties the standalone sets itself from its own settings: arguments name those instead. */
    private static final Map<String, String> TAKEN = Map.of(
            "server.port", "--" + argumentOf("CLOUDROUTES_PORT"),
            "server.address", "--" + argumentOf("CLOUDROUTES_ADDRESS"),
            "spring.datasource.url", "--" + argumentOf("CLOUDROUTES_DATABASE_URL"),
            "spring.datasource.username", "--" + argumentOf("CLOUDROUTES_DATABASE_USERNAME"),
            "spring.datasource.password", "--" + argumentOf("CLOUDROUTES_DATABASE_PASSWORD"));

    /**
     * What the command line asked for.
     *
     * @param settings   the standalone's own settings, by environment variable name
     * @param properties Spring properties for crweb and crbridge
     * @param help       whether {@code --help} was given
     * @param warnings   what to tell the operator before starting, e.g. that an argument has a new name
     */
    record Parsed(Map<String, String> settings, Map<String, String> properties, boolean help, List<String> warnings) {}

    /** A command line that cannot be followed; the message says why and what to type instead. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    private CommandLine() {}

    static Parsed parse(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean help = false;
        Map<String, String> known = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new Invalid("cannot read the argument '" + arg + "': arguments are --name=value, e.g. "
                        + "--cloudroutes.port=9000 (--help lists them)");
            }
            String name = arg.substring(2, equals).trim();
            String value = arg.substring(equals + 1);
            String renamed = SettingNames.renamedTo(name);
            if (renamed != null) {
                // read under the name every process reads, as crweb reads the old name (system/RenamedProperties)
                warnings.add(SettingNames.deprecation("--" + name, "--" + renamed));
                name = renamed;
            }
            String variable = variableOf(name);
            if (SETTINGS.containsKey(variable)) {
                settings.put(variable, value);
                continue;
            }
            String taken = TAKEN.get(name.toLowerCase(Locale.ROOT));
            if (taken != null) {
                throw new Invalid(
                        "--" + name + " is set by the standalone itself: use " + taken + "=" + value + " instead");
            }
            if (canonical(name).startsWith("cloudroutes.")) {
                if (known == null) {
                    known = processProperties();
                }
                if (!known.containsKey(canonical(name))) {
                    throw new Invalid("unknown setting --" + name + nearest(name, known.values()) + ": the standalone "
                            + "takes " + String.join(", ", ownArguments()) + ", and crweb and crbridge read "
                            + String.join(
                                    ", ",
                                    known.values().stream().map(p -> "--" + p).toList()));
                }
            }
            properties.put(name, value);
        }
        return new Parsed(settings, properties, help, List.copyOf(warnings));
    }

    /** What {@code --help} prints. */
    static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar cloudroutes.jar [--name=value ...]

                Starts every CloudRoutes process in one JVM, with embedded PostgreSQL and Redis unless their URLs are
                given. Each setting can also be given as an environment variable; an argument wins over it.

                The standalone's own settings:
                """);
        SETTINGS.forEach((variable, meaning) ->
                text.append(String.format("  %-36s %s (%s)%n", "--" + argumentOf(variable) + "=…", meaning, variable)));
        text.append("""

                Any other --name=value is a Spring property for crweb and crbridge, e.g.
                  --cloudroutes.smtp.host=mail.example.com --cloudroutes.public-url=https://cr.example.com
                See docs/configuration.md for every setting.
                """);
        return text.toString();
    }

    /**
     * {@code CLOUDROUTES_DATA_DIR} for {@code cloudroutes.data-dir}, {@code cloudroutes.data.dir},
     * {@code cloudroutes.dataDir} or the variable: every spelling of a setting is that setting.
     */
    static String variableOf(String name) {
        return SettingNames.variable(name);
    }

    /** The setting's one property name, as crweb and crbridge name it too ({@code cloudroutes.redis.url}). */
    static String argumentOf(String variable) {
        return SettingNames.property(variable);
    }

    private static List<String> ownArguments() {
        return SETTINGS.keySet().stream().map(v -> "--" + argumentOf(v)).toList();
    }

    /** Spring's relaxed form of a property name: lower case, without dashes or underscores. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** " (did you mean --x?)" for the known name closest to a mistyped one, or nothing when none is close. */
    private static String nearest(String name, Collection<String> known) {
        LevenshteinDistance distance = new LevenshteinDistance(3);
        return Stream.concat(known.stream(), ownArguments().stream().map(a -> a.substring(2)))
                .filter(candidate -> distance.apply(canonical(name), canonical(candidate)) >= 0)
                .min(Comparator.comparingInt(candidate -> distance.apply(canonical(name), canonical(candidate))))
                .map(candidate -> " (did you mean --" + candidate + "?)")
                .orElse("");
    }

    /**
     * Every {@code cloudroutes.*} property that crweb and crbridge bind (their {@code @ConfigurationProperties}
     * records, found on the class path): canonical form to the name as it is documented (kebab case).
     */
    static Map<String, String> processProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, String> names = new TreeMap<>();
        scanner.findCandidateComponents("io.cloudroutes").forEach(candidate -> {
            Class<?> type =
                    ClassUtils.resolveClassName(candidate.getBeanClassName(), CommandLine.class.getClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            collect(prefix, type, names);
        });
        return names;
    }

    private static void collect(String prefix, Class<?> type, Map<String, String> names) {
        if (!type.isRecord()) {
            names.put(canonical(prefix), prefix);
            return;
        }
        for (var component : type.getRecordComponents()) {
            String name = prefix + "."
                    + component
                            .getName()
                            .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                            .toLowerCase(Locale.ROOT);
            if (component.getType().isRecord() && component.getType().getName().startsWith("io.cloudroutes.")) {
                collect(name, component.getType(), names);
            } else {
                names.put(canonical(name), name);
            }
        }
    }

    private static Map<String, String> ownSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("CLOUDROUTES_PORT", "port of the web UI, 0 for any free one; default 8080");
        settings.put(
                "CLOUDROUTES_ADDRESS",
                "address the web UI listens on; default 127.0.0.1, 0.0.0.0 for every " + "interface");
        settings.put(
                "CLOUDROUTES_DATA_DIR",
                "where embedded PostgreSQL and Redis keep their data; default " + "./cloudroutes-data");
        settings.put("CLOUDROUTES_DATABASE_URL", "JDBC URL of an external PostgreSQL; default embedded");
        settings.put("CLOUDROUTES_DATABASE_USERNAME", "its user; default cloudroutes");
        settings.put("CLOUDROUTES_DATABASE_PASSWORD", "its password; default cloudroutes");
        settings.put("CLOUDROUTES_REDIS_URL", "URL of an external Redis; default embedded");
        settings.put("CLOUDROUTES_ZONE", "zone of the built-in worker; default 'default'");
        settings.put(
                "CLOUDROUTES_SECRET_KEY", "key that encrypts secret settings; default kept in the data " + "directory");
        settings.put(
                "CLOUDROUTES_EGRESS_ALLOW",
                "address ranges checks and reactions may reach besides public ones,"
                        + " e.g. 127.0.0.0/8 to monitor this machine; default none");
        settings.put(
                "CLOUDROUTES_OPS_PORT",
                "port of the health and Prometheus endpoints (/health, /metrics) of every "
                        + "process; default 9104, 0 turns them off");
        settings.put(
                "CLOUDROUTES_OPS_ADDRESS",
                "address they listen on; default 127.0.0.1, another needs "
                        + "CLOUDROUTES_OPS_TOKEN (--cloudroutes.ops.token)");
        settings.put(
                "CLOUDROUTES_EGRESS_DENY",
                "more endpoints of CloudRoutes to keep out of reach (host:port or" + " ranges); default none");
        return settings;
    }
}
