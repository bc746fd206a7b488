package io.cloudroutes.reactions.support;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.SettingValues;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and checks the DNS record values users type one per line (the failover and primary values of a record). */
public final class RecordValues {

    private static final Pattern HOST_NAME =
            Pattern.compile("^(?=.{1,253}\\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*"
                    + "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?$");
    private static final Pattern IPV4 =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private RecordValues() {}

    /** The non-blank lines, trimmed, in order. */
    public static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** Whether {@code name} is a DNS name such as {@code www.example.com} (a trailing dot is allowed). */
    public static boolean isHostName(String name) {
        return name != null && HOST_NAME.matcher(name).matches();
    }

    /**
     * Null when every line of {@code text} is a valid value for a record of {@code type}, otherwise what is wrong, for
     * a form field labelled {@code label}: A takes IPv4 addresses, AAAA IPv6 addresses, CNAME exactly one host name,
     * TXT any text.
     */
    public static String problem(String label, String type, String text) {
        List<String> values = lines(text);
        if (values.isEmpty()) {
            return label + " needs at least one value, one per line";
        }
        if ("CNAME".equals(type) && values.size() > 1) {
            return label + ": a CNAME record holds exactly one host name, not " + values.size();
        }
        if (values.stream().distinct().count() < values.size()) {
            return label + ": a value is listed twice";
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String wrong = switch (type) {
                case "A" -> isIpv4(value) ? null : "is not an IPv4 address, e.g. 192.0.2.10";
                case "AAAA" -> isIpv6(value) ? null : "is not an IPv6 address, e.g. 2001:db8::10";
                case "CNAME" -> isHostName(value) ? null : "is not a host name, e.g. standby.example.com";
                default -> value.length() <= 255 ? null : "is longer than 255 characters";
            };
            if (wrong != null) {
                return label + ": line " + (i + 1) + " '" + value + "' " + wrong;
            }
        }
        return null;
    }

    /** Whether two values of a record of {@code type} are the same record data (2001:db8::1 = 2001:DB8:0::1). */
    public static boolean same(String type, String a, String b) {
        if ("A".equals(type) || "AAAA".equals(type)) {
            InetAddress first = address(a);
            return first != null && first.equals(address(b));
        }
        if ("CNAME".equals(type)) {
            return absolute(a).equalsIgnoreCase(absolute(b));
        }
        return a.equals(b);
    }

    /** The name with exactly one trailing dot. */
    public static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** The name without a trailing dot, as web APIs show names. */
    public static String relative(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    static boolean isIpv4(String value) {
        return IPV4.matcher(value).matches();
    }

    static boolean isIpv6(String value) {
        return value.contains(":") && IPV6_CHARS.matcher(value).matches() && address(value) instanceof Inet6Address;
    }

    /** The address of a literal (never a DNS lookup), or null. */
    private static InetAddress address(String literal) {
        if (!(isIpv4(literal)
                || (literal.contains(":") && IPV6_CHARS.matcher(literal).matches()))) {
            return null;
        }
        IPAddress address = new IPAddressString(literal).getAddress();
        return address == null || address.isMultiple() || address.getNetworkPrefixLength() != null
                ? null
                : address.toInetAddress();
    }

    /** The values a DNS failover record holds while its monitor is FAILED, and once it is HEALTHY again. */
    public record Failover(List<String> failover, List<String> primary) {}

    /**
     * The {@code failoverValues} and {@code primaryValues} of a DNS failover whose record is of {@code type}, each
     * {@linkplain #read read} as records of that type; none are read when the type itself was refused (null).
     */
    public static Failover readFailover(SettingValues values, String type) {
        if (type == null) {
            return new Failover(List.of(), List.of());
        }
        return new Failover(
                read(values, "failoverValues", "Values while FAILED", type),
                read(values, "primaryValues", "Values while HEALTHY", type));
    }

    /**
     * The values of the setting {@code field}, one per line, as records of {@code type}; when they are not valid
     * records the setting is rejected with what is wrong (see {@link #problem}). Empty when absent: a blank field is
     * left to the required-check.
     */
    public static List<String> read(SettingValues values, String field, String label, String type) {
        String text = values.text(field);
        if (text == null) {
            return List.of();
        }
        String problem = problem(label, type, text);
        if (problem != null) {
            values.reject(field, problem);
        }
        return lines(text);
    }

    /**
     * The values a failover record must hold for a change to {@code to}: {@code failover} while FAILED,
     * {@code primary} once HEALTHY again; empty for UNKNOWN, on which DNS failover does nothing.
     */
    public static Optional<List<String>> forStatus(Status to, List<String> failover, List<String> primary) {
        return switch (to) {
            case FAILED -> Optional.of(failover);
            case HEALTHY -> Optional.of(primary);
            case UNKNOWN -> Optional.empty();
        };
    }

    /** How an output names the set of values chosen for {@code to}. */
    public static String side(Status to) {
        return to == Status.FAILED ? "the values while FAILED" : "the values while HEALTHY";
    }
}
