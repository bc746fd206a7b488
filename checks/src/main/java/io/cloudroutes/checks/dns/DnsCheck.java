package io.cloudroutes.checks.dns;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Excerpts;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.plugin.SettingValues;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends one query straight to a resolver (no cache in between, so every run sees what the resolver says now) and
 * judges the answer section.
 */
final class DnsCheck implements Check {

    /** How many answers a reason lists before it says how many more there are. */
    static final int LISTED_ANSWERS = 10;
    /** How many characters of one answer (a long TXT record) a reason shows. */
    static final int SHOWN_CHARACTERS = 100;

    /**
     * The query and its expectations.
     *
     * @param shownName the name as reasons show it: as typed, without the trailing dot
     * @param resolver  the resolver to ask, or null for the worker's system resolvers
     */
    record Config(Name name, String shownName, RecordKind kind, List<String> expected, ResolverAddress resolver) {

        /**
         * The configuration of {@link DnsCheckType}'s settings, rejecting a name DNS cannot carry, a resolver that is
         * not host[:port], and an expected value that cannot be an answer of the record type.
         */
        static Config read(SettingValues values) {
            String nameText = values.text("name");
            Name name = null;
            if (nameText != null) {
                try {
                    name = RecordKind.DnsNames.parse(nameText);
                } catch (IllegalArgumentException e) {
                    values.reject("name", "Name: " + e.getMessage());
                }
            }
            ResolverAddress resolver = null;
            if (values.has("resolver")) {
                try {
                    resolver = ResolverAddress.parse(values.text("resolver"));
                } catch (IllegalArgumentException e) {
                    values.reject("resolver", "Resolver: " + e.getMessage());
                }
            }
            String kindText = values.text("recordType");
            RecordKind kind = kindText == null ? null : RecordKind.valueOf(kindText);
            String expected = values.text("expected");
            if (expected != null && kind != null) {
                int line = 0;
                for (String value : expected.split("\\R")) {
                    line++;
                    if (value.isBlank()) {
                        continue;
                    }
                    try {
                        kind.key(value.trim());
                    } catch (IllegalArgumentException e) {
                        values.reject("expected", "Expected values, line " + line + ": " + e.getMessage());
                        break;
                    }
                }
            }
            if (values.anyRejected()) {
                return null;
            }
            return new Config(
                    name,
                    nameText.endsWith(".") && nameText.length() > 1
                            ? nameText.substring(0, nameText.length() - 1)
                            : nameText,
                    kind,
                    values.lines("expected"),
                    resolver);
        }
    }

    private final Config config;
    private final Egress egress;

    DnsCheck(Config config, Egress egress) {
        this.config = config;
        this.egress = egress;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        List<InetSocketAddress> servers;
        if (config.resolver() == null) {
            servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                return CheckOutcome.failed(
                        "no system resolver is configured on this worker; set a resolver", elapsed(start));
            }
        } else {
            // The resolver a tenant names is a server like any other: the guard looks it up once and checks it. The
            // worker's own system resolvers are the operator's, as the guard's own lookups are.
            try {
                servers = List.of(egress.address(
                        config.resolver().host(), config.resolver().port()));
            } catch (EgressRefusedException e) {
                return CheckOutcome.failed(e.getMessage(), elapsed(start));
            } catch (UnknownHostException e) {
                return CheckOutcome.failed(
                        "unknown resolver host " + config.resolver().host(), elapsed(start));
            }
        }
        String resolverText = config.resolver() == null ? describe(servers) : "resolver " + config.resolver();
        Message query =
                Message.newQuery(Record.newRecord(config.name(), config.kind().type(), DClass.IN));
        CompletableFuture<Message> answer =
                resolver(servers, timeout).sendAsync(query).toCompletableFuture();
        Message response;
        try {
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            response = answer.get(Math.max(1, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return timedOut(resolverText, timeout, start);
        } catch (ExecutionException e) {
            return failedQuery(e.getCause(), resolverText, timeout, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("check interrupted", elapsed(start));
        }
        return judge(response, resolverText, start);
    }

    private CheckOutcome judge(Message response, String resolverText, long start) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return CheckOutcome.failed("NXDOMAIN for " + config.shownName(), elapsed(start));
        }
        if (rcode != Rcode.NOERROR) {
            return CheckOutcome.failed(
                    Rcode.string(rcode) + " from " + resolverText + " for " + config.shownName(), elapsed(start));
        }
        RecordKind kind = config.kind();
        List<Record> records = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == kind.type())
                .toList();
        String what = kind.name() + " records";
        if (records.isEmpty()) {
            return CheckOutcome.failed("no " + what + " for " + config.shownName(), elapsed(start));
        }
        List<String> answers = records.stream().map(kind::text).toList();
        List<String> missing = new ArrayList<>();
        for (String expected : config.expected()) {
            Object key = kind.key(expected);
            if (records.stream().noneMatch(r -> kind.matches(key, r))) {
                missing.add(expected);
            }
        }
        if (!missing.isEmpty()) {
            return CheckOutcome.failed(
                    "expected " + list(missing) + " among " + what + " of " + config.shownName() + " but got "
                            + list(answers),
                    elapsed(start));
        }
        long latency = elapsed(start);
        return CheckOutcome.healthy(what + " of " + config.shownName() + ": " + list(answers), latency);
    }

    private CheckOutcome failedQuery(Throwable error, String resolverText, Duration timeout, long start) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutException
                    || cause instanceof SocketTimeoutException
                    || (cause instanceof IOException
                            && String.valueOf(cause.getMessage()).toLowerCase().contains("timed out"))) {
                return timedOut(resolverText, timeout, start);
            }
            if (cause instanceof PortUnreachableException) {
                return CheckOutcome.failed(resolverText + " is not listening (port unreachable)", elapsed(start));
            }
        }
        String message = error.getMessage();
        return CheckOutcome.failed(
                "query to " + resolverText + " failed: " + error.getClass().getSimpleName()
                        + (message == null ? "" : " " + message),
                elapsed(start));
    }

    private static CheckOutcome timedOut(String resolverText, Duration timeout, long start) {
        return CheckOutcome.failed(
                resolverText + " did not answer within " + timeout.toMillis() + " ms", elapsed(start));
    }

    /**
     * One resolver per run, because dnsjava resolvers hold their timeout as mutable state. Several system resolvers
     * are tried in turn, each with its share of the timeout, as the C library does.
     */
    private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout.dividedBy(servers.size()));
            resolvers.add(resolver);
        }
        if (resolvers.size() == 1) {
            return resolvers.getFirst();
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setRetries(1);
        extended.setTimeout(timeout);
        return extended;
    }

    private static String describe(List<InetSocketAddress> servers) {
        List<String> addresses = servers.stream()
                .map(s -> new ResolverAddress(s.getHostString(), s.getPort()).toString())
                .toList();
        return (addresses.size() == 1 ? "resolver " : "resolvers ") + String.join(", ", addresses);
    }

    private String list(List<String> values) {
        String shown = values.stream()
                .limit(LISTED_ANSWERS)
                .map(v -> Excerpts.cut(v, SHOWN_CHARACTERS))
                .map(config.kind()::shown)
                .collect(Collectors.joining(", "));
        return values.size() > LISTED_ANSWERS ? shown + " and " + (values.size() - LISTED_ANSWERS) + " more" : shown;
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
