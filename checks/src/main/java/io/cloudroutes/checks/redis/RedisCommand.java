package io.cloudroutes.checks.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A read-only Redis command a monitor may run, parsed from what the user typed, e.g. {@code LLEN queue}.
 *
 * <p>Only commands on an allow-list of read-only commands with a single-value reply are accepted: a monitor runs
 * with whatever rights its credentials have, and must never change data or block the server (no KEYS, no MONITOR).
 *
 * @param name      the command, upper case; two words for a subcommand, e.g. {@code MEMORY USAGE}
 * @param arguments the arguments after the name
 */
record RedisCommand(String name, List<String> arguments) {

    /** What an allowed command takes; {@code maxArguments} -1 for any number. */
    private record Form(String name, int minArguments, int maxArguments, String usage) {}

    private static final Map<String, Form> ALLOWED = new LinkedHashMap<>();

    static {
        allow("PING", 0, 1, "PING [message]");
        allow("ECHO", 1, 1, "ECHO message");
        allow("DBSIZE", 0, 0, "DBSIZE");
        allow("INFO", 0, -1, "INFO [section ...]");
        allow("LASTSAVE", 0, 0, "LASTSAVE");
        allow("GET", 1, 1, "GET key");
        allow("STRLEN", 1, 1, "STRLEN key");
        allow("GETRANGE", 3, 3, "GETRANGE key start end");
        allow("GETBIT", 2, 2, "GETBIT key offset");
        allow("BITCOUNT", 1, 4, "BITCOUNT key [start end [BYTE|BIT]]");
        allow("EXISTS", 1, -1, "EXISTS key [key ...]");
        allow("TYPE", 1, 1, "TYPE key");
        allow("TTL", 1, 1, "TTL key");
        allow("PTTL", 1, 1, "PTTL key");
        allow("LLEN", 1, 1, "LLEN key");
        allow("LINDEX", 2, 2, "LINDEX key index");
        allow("SCARD", 1, 1, "SCARD key");
        allow("SISMEMBER", 2, 2, "SISMEMBER key member");
        allow("ZCARD", 1, 1, "ZCARD key");
        allow("ZCOUNT", 3, 3, "ZCOUNT key min max");
        allow("ZLEXCOUNT", 3, 3, "ZLEXCOUNT key min max");
        allow("ZSCORE", 2, 2, "ZSCORE key member");
        allow("ZRANK", 2, 2, "ZRANK key member");
        allow("ZREVRANK", 2, 2, "ZREVRANK key member");
        allow("HLEN", 1, 1, "HLEN key");
        allow("HGET", 2, 2, "HGET key field");
        allow("HEXISTS", 2, 2, "HEXISTS key field");
        allow("HSTRLEN", 2, 2, "HSTRLEN key field");
        allow("XLEN", 1, 1, "XLEN key");
        allow("MEMORY USAGE", 1, 3, "MEMORY USAGE key [SAMPLES count]");
        allow("SLOWLOG LEN", 0, 0, "SLOWLOG LEN");
    }

    private static final Pattern PLAIN = Pattern.compile("[^\\s\"'\\\\]+");

    static final RedisCommand PING = new RedisCommand("PING", List.of());

    RedisCommand {
        arguments = List.copyOf(arguments);
    }

    private static void allow(String name, int minArguments, int maxArguments, String usage) {
        ALLOWED.put(name, new Form(name, minArguments, maxArguments, usage));
    }

    /**
     * The command in {@code text}: words separated by spaces, an argument with spaces in double or single quotes.
     *
     * @throws IllegalArgumentException with a message for the user when the text cannot be read, the command is not
     *                                  an allowed read-only one or has the wrong number of arguments
     */
    static RedisCommand parse(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("is empty; give a read-only command such as PING or LLEN queue");
        }
        String first = words.getFirst().toUpperCase(Locale.ROOT);
        String two = words.size() > 1 ? first + " " + words.get(1).toUpperCase(Locale.ROOT) : null;
        Form form = two != null && ALLOWED.containsKey(two) ? ALLOWED.get(two) : ALLOWED.get(first);
        if (form == null) {
            // Name the subcommand that was refused (MEMORY DOCTOR), not just its allowed first word.
            boolean hasSubcommands = ALLOWED.keySet().stream().anyMatch(name -> name.startsWith(first + " "));
            throw new IllegalArgumentException((hasSubcommands && two != null ? two : first)
                    + " is not allowed: a monitor may only run one of the read-only commands "
                    + String.join(", ", ALLOWED.keySet()));
        }
        List<String> arguments = words.subList(form.name().contains(" ") ? 2 : 1, words.size());
        if (arguments.size() < form.minArguments()
                || (form.maxArguments() >= 0 && arguments.size() > form.maxArguments())) {
            throw new IllegalArgumentException(form.name() + " has the wrong number of arguments; use " + form.usage());
        }
        return new RedisCommand(form.name(), arguments);
    }

    /** The names of the commands a monitor may run. */
    static List<String> allowed() {
        return List.copyOf(ALLOWED.keySet());
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c) {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    word.append(text.charAt(end));
                    end++;
                }
                if (end >= text.length()) {
                    throw new IllegalArgumentException("has a quote " + c + " that is never closed");
                }
                i = end + 1;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    word.append(text.charAt(i));
                    i++;
                }
            }
            words.add(word.toString());
        }
        return words;
    }

    boolean isInfo() {
        return name.equals("INFO");
    }

    boolean isPing() {
        return name.equals("PING");
    }

    /** What Lettuce sends first: the command, or for a subcommand its first word. */
    ProtocolKeyword keyword() {
        return CommandType.valueOf(name.split(" ")[0]);
    }

    CommandArgs<String, String> args() {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        if (name.contains(" ")) {
            args.add(name.substring(name.indexOf(' ') + 1));
        }
        arguments.forEach(args::add);
        return args;
    }

    /** The command as reasons show it, e.g. {@code LLEN queue}; arguments with spaces or quotes in double quotes. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        for (String argument : arguments) {
            text.append(' ');
            if (PLAIN.matcher(argument).matches()) {
                text.append(argument);
            } else {
                text.append('"')
                        .append(argument.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return text.toString();
    }
}
