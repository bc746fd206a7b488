package io.cloudroutes.checks.dns;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The record types the dns check queries, each with how its answers are written in reasons and how a user's expected
 * value is read and compared: addresses by value, names case-insensitively without the trailing dot, TXT exactly.
 */
enum RecordKind {
    A(Type.A) {
        @Override
        String text(Record record) {
            return ((ARecord) record).getAddress().getHostAddress();
        }

        @Override
        Object key(String expected) {
            return address(expected, Address.IPv4, "an IPv4 address like 192.0.2.1");
        }

        @Override
        Object key(Record record) {
            return ((ARecord) record).getAddress();
        }
    },
    AAAA(Type.AAAA) {
        @Override
        String text(Record record) {
            return Ipv6Text.compressed(((AAAARecord) record).getAddress().getAddress());
        }

        @Override
        Object key(String expected) {
            return address(expected, Address.IPv6, "an IPv6 address like 2001:db8::1");
        }

        @Override
        Object key(Record record) {
            return ((AAAARecord) record).getAddress();
        }
    },
    CNAME(Type.CNAME) {
        @Override
        String text(Record record) {
            return DnsNames.show(((CNAMERecord) record).getTarget());
        }

        @Override
        Object key(String expected) {
            return DnsNames.normalised(expected);
        }

        @Override
        Object key(Record record) {
            return DnsNames.normalised(((CNAMERecord) record).getTarget().toString());
        }
    },
    MX(Type.MX) {
        @Override
        String text(Record record) {
            MXRecord mx = (MXRecord) record;
            return mx.getPriority() + " " + DnsNames.show(mx.getTarget());
        }

        /** "mail.example.com" matches that host at any preference, "10 mail.example.com" only at preference 10. */
        @Override
        Object key(String expected) {
            String[] parts = expected.trim().split("\\s+");
            if (parts.length > 2) {
                throw new IllegalArgumentException(
                        "'" + expected + "' is not a mail host or 'preference host' like 10 mail.example.com");
            }
            if (parts.length == 1) {
                return DnsNames.normalised(parts[0]);
            }
            try {
                int preference = Integer.parseInt(parts[0]);
                if (preference < 0 || preference > 65535) {
                    throw new NumberFormatException();
                }
                return preference + " " + DnsNames.normalised(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[0] + "' is not a preference between 0 and 65535");
            }
        }

        @Override
        Object key(Record record) {
            MXRecord mx = (MXRecord) record;
            return mx.getPriority() + " " + DnsNames.normalised(mx.getTarget().toString());
        }

        @Override
        boolean matches(Object expected, Record record) {
            String wanted = (String) expected;
            String actual = (String) key(record);
            return wanted.contains(" ")
                    ? wanted.equals(actual)
                    : actual.substring(actual.indexOf(' ') + 1).equals(wanted);
        }
    },
    TXT(Type.TXT) {
        /** The strings of one record joined, as SPF and DKIM readers do with records split into 255-byte strings. */
        @Override
        String text(Record record) {
            return String.join("", ((TXTRecord) record).getStrings());
        }

        @Override
        Object key(String expected) {
            return expected;
        }

        @Override
        Object key(Record record) {
            return text(record);
        }

        @Override
        String shown(String text) {
            return "\"" + text + "\"";
        }
    };

    private final int type;

    RecordKind(int type) {
        this.type = type;
    }

    /** The dnsjava type code. */
    int type() {
        return type;
    }

    /** The record's data as a reason shows it. */
    abstract String text(Record record);

    /** A user's expected value in comparable form; throws IllegalArgumentException saying what is wrong with it. */
    abstract Object key(String expected);

    abstract Object key(Record record);

    boolean matches(Object expected, Record record) {
        return expected.equals(key(record));
    }

    /** How a value is quoted in a reason. */
    String shown(String text) {
        return text;
    }

    private static InetAddress address(String text, int family, String what) {
        byte[] bytes = Address.toByteArray(text.trim(), family);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not " + what);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + what, e);
        }
    }

    /** Domain names as users write them and as reasons show them. */
    static final class DnsNames {

        /** Letters, digits, hyphens and underscores (as in _dmarc) per label; a leading "*." for wildcards. */
        private static final Pattern ASCII_NAME = Pattern.compile(
                "^(\\*\\.)?([A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?\\.?$");

        private DnsNames() {}

        /** Lower case, without the trailing dot; throws IllegalArgumentException for a name DNS cannot carry. */
        static String normalised(String text) {
            return show(parse(text));
        }

        /**
         * The name, fully qualified; international names (bücher.example) become their ASCII form. Throws
         * IllegalArgumentException saying what is wrong.
         */
        static Name parse(String text) {
            String value = text.trim();
            String problem = "'" + value + "' is not a domain name like shop.example.com";
            String ascii;
            try {
                ascii = IDN.toASCII(value, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(problem, e);
            }
            if (!ASCII_NAME.matcher(ascii).matches()) {
                throw new IllegalArgumentException(problem);
            }
            try {
                return Name.fromString(ascii, Name.root);
            } catch (TextParseException e) {
                throw new IllegalArgumentException(problem + ": " + e.getMessage(), e);
            }
        }

        /** Lower case, because letter case in a name is not preserved reliably (message compression drops it). */
        static String show(Name name) {
            String text = name.toString().toLowerCase(Locale.ROOT);
            return text.endsWith(".") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
        }
    }
}
