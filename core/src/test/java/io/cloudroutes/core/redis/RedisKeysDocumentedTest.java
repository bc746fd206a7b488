package io.cloudroutes.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every key {@link RedisKeys} can produce is in the table "Redis keys" of docs/architecture.md, and the table names no
 * key that RedisKeys cannot produce. The keys are derived from RedisKeys itself: its constants, and its methods called
 * with placeholder arguments; a placeholder is compared as {@code {}} whatever its name, so {@code cr:state:{id}} in
 * the table stands for {@code RedisKeys.state(monitorId)}. A constant ending in {@code :} (a prefix) or a SCAN
 * pattern must be the beginning of a key of the table.
 */
class RedisKeysDocumentedTest {

    private static final Path ARCHITECTURE = Path.of("../docs/architecture.md");
    private static final Pattern KEY_CELL = Pattern.compile("^\\| `([^`]+)` \\|");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");
    private static final long FIRST_NUMBER = 987_654_321_000L;

    static Set<String> documented;

    @BeforeAll
    static void readTheTable() throws IOException {
        documented = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(ARCHITECTURE)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Redis keys");
                continue;
            }
            Matcher cell = KEY_CELL.matcher(line);
            if (inSection && cell.find()) {
                documented.add(normalized(cell.group(1)));
            }
        }
        assertThat(documented)
                .as("keys in the table 'Redis keys' of " + ARCHITECTURE)
                .isNotEmpty();
    }

    @Test
    void everyKeyOfRedisKeysIsInTheTable() throws ReflectiveOperationException {
        Map<String, String> keys = producedKeys();
        assertThat(keys).isNotEmpty();
        List<String> missing = new ArrayList<>();
        keys.forEach((key, from) -> {
            if (!documented(key)) {
                missing.add(key + " (" + from + ")");
            }
        });
        assertThat(missing)
                .as("keys of RedisKeys missing from the table 'Redis keys' of docs/architecture.md: add a row for each "
                        + "(key, type and TTL, who writes and who reads it)")
                .isEmpty();
    }

    @Test
    void theTableNamesNoKeyRedisKeysCannotProduce() throws ReflectiveOperationException {
        Set<String> produced = producedKeys().keySet();
        assertThat(documented)
                .as("rows of the table 'Redis keys' of docs/architecture.md for keys RedisKeys does not produce")
                .allSatisfy(key -> assertThat(produced).contains(key));
    }

    private static boolean documented(String key) {
        if (key.contains("*") || key.endsWith(":")) {
            String prefix = key.contains("*") ? key.substring(0, key.indexOf('*')) : key;
            return documented.stream().anyMatch(row -> row.startsWith(prefix));
        }
        return documented.contains(key);
    }

    /** Each key (or prefix, or pattern) RedisKeys produces, normalized, with where it comes from. */
    private static Map<String, String> producedKeys() throws ReflectiveOperationException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Field field : RedisKeys.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers)
                    && Modifier.isStatic(modifiers)
                    && field.getType() == String.class
                    && ((String) field.get(null)).startsWith(RedisKeys.PREFIX)
                    && !field.get(null).equals(RedisKeys.PREFIX)) {
                keys.put(normalized((String) field.get(null)), "RedisKeys." + field.getName());
            }
        }
        for (Method method : RedisKeys.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())
                    || !Modifier.isStatic(method.getModifiers())
                    || method.getReturnType() != String.class) {
                continue;
            }
            Object[] arguments = new Object[method.getParameterCount()];
            List<String> numbers = new ArrayList<>();
            for (int i = 0; i < arguments.length; i++) {
                Class<?> type = method.getParameterTypes()[i];
                long number = FIRST_NUMBER + i;
                if (type == String.class) {
                    arguments[i] = "{" + method.getParameters()[i].getName() + "}";
                } else if (type == long.class) {
                    arguments[i] = number;
                    numbers.add(String.valueOf(number));
                } else if (type == int.class) {
                    arguments[i] = 123_456_700 + i;
                    numbers.add(String.valueOf(arguments[i]));
                } else {
                    throw new AssertionError("RedisKeys." + method.getName() + " takes a " + type.getSimpleName()
                            + ": teach this test a placeholder for it");
                }
            }
            String key;
            try {
                key = (String) method.invoke(null, arguments);
            } catch (InvocationTargetException e) {
                throw new AssertionError("RedisKeys." + method.getName() + " failed with placeholders", e);
            }
            for (String number : numbers) {
                key = key.replace(number, "{}");
            }
            keys.put(normalized(key), "RedisKeys." + method.getName() + "(…)");
        }
        return keys;
    }

    private static String normalized(String key) {
        return PLACEHOLDER.matcher(key).replaceAll("{}");
    }
}
