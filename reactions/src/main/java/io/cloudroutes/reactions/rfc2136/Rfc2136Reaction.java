package io.cloudroutes.reactions.rfc2136;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.Verification;
import io.cloudroutes.reactions.support.RecordValues;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Sends one signed DNS UPDATE per run that deletes the record set and adds the values for the new status, so the
 * server applies both or neither.
 */
final class Rfc2136Reaction implements Reaction {

    private final Rfc2136Config config;
    private final Egress egress;

    Rfc2136Reaction(Rfc2136Config config, Egress egress) {
        this.egress = egress;
        this.config = config;
    }

    private Optional<List<String>> valuesFor(Status to) {
        return RecordValues.forStatus(to, config.failoverValues(), config.primaryValues());
    }

    private String transport() {
        return config.tcp() ? "TCP" : "UDP";
    }

    private String key() {
        return "key " + config.tsigKeyName() + " (" + config.tsigAlgorithm() + ")";
    }

    private String rrset() {
        return config.recordName() + " " + config.recordType();
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Optional<List<String>> values = valuesFor(change.to());
        if (values.isEmpty()) {
            return ReactionResult.skipped(
                    "the monitor is " + change.to() + ": the record changes only on FAILED and HEALTHY");
        }
        String where = config.server() + " over " + transport();
        Message response;
        try {
            // the egress guard looks the server up once; the update goes to the address it checked
            SimpleResolver resolver = new SimpleResolver(
                    egress.address(config.server().host(), config.server().port()));
            resolver.setTCP(config.tcp());
            resolver.setTimeout(timeout);
            resolver.setTSIGKey(tsig());
            response = resolver.send(update(values.get()));
        } catch (EgressRefusedException e) {
            return ReactionResult.failed("could not send the update to " + where + ": " + e.getMessage());
        } catch (UnknownHostException e) {
            return ReactionResult.retryable(
                    "could not resolve the DNS server " + config.server().host() + ": " + e.getMessage());
        } catch (IOException e) {
            // dnsjava reports the deadline either as SocketTimeoutException or, from its I/O loop, as a plain
            // IOException "Timed out while trying to resolve …", whichever fires first
            if (e instanceof SocketTimeoutException
                    || (e.getMessage() != null && e.getMessage().startsWith("Timed out"))) {
                return ReactionResult.retryable("no answer from " + where + " within " + timeout.toMillis() + " ms");
            }
            return ReactionResult.retryable("could not send the update to " + where + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        int rcode = response.getRcode();
        String answer = Rcode.string(rcode) + " from " + where;
        if (rcode == Rcode.NOERROR) {
            if (response.isSigned() && !response.isVerified()) {
                return ReactionResult.failed(answer + ", but the answer's TSIG signature does not verify with " + key()
                        + ": the update may have been applied; check the key's secret");
            }
            return ReactionResult.executed(answer + ": replaced " + rrset() + " with " + RecordValues.side(change.to())
                    + ": " + String.join(", ", values.get()) + " (TTL " + config.ttl() + ") in zone " + config.zone());
        }
        return switch (rcode) {
            case Rcode.SERVFAIL ->
                ReactionResult.retryable(answer + ": the server could not apply the update to " + rrset()
                        + " now (is zone " + config.zone() + " loaded?)");
            case Rcode.REFUSED ->
                ReactionResult.failed(answer + ": the server does not let " + key() + " update zone " + config.zone()
                        + " (check allow-update or update-policy)");
            case Rcode.NOTAUTH -> ReactionResult.failed(answer + ": " + notAuth(response.getTSIG()));
            case Rcode.NOTZONE ->
                ReactionResult.failed(answer + ": " + config.recordName() + " is not inside zone " + config.zone());
            case Rcode.NXDOMAIN -> ReactionResult.failed(answer + ": the server has no zone " + config.zone());
            default -> ReactionResult.failed(answer + ": the server rejected the update to " + rrset());
        };
    }

    /** NOTAUTH is either a TSIG problem (named in the answer's TSIG record) or a server without the zone. */
    private String notAuth(TSIGRecord tsig) {
        int error = tsig == null ? Rcode.NOERROR : tsig.getError();
        return switch (error) {
            case Rcode.BADKEY ->
                "TSIG BADKEY: the server does not know " + key() + "; check the key name and algorithm";
            case Rcode.BADSIG ->
                "TSIG BADSIG: the signature with " + key() + " is wrong; the secret differs from the " + "server's";
            case Rcode.BADTIME ->
                "TSIG BADTIME: the clocks of this host and the server differ by more than " + TSIG.FUDGE.toSeconds()
                        + " seconds";
            case Rcode.NOERROR -> "the server is not authoritative for zone " + config.zone();
            default -> "TSIG " + Rcode.TSIGstring(error) + " with " + key();
        };
    }

    private TSIG tsig() throws TextParseException {
        return new TSIG(
                TSIG.algorithmToName(config.tsigAlgorithm()),
                Name.fromString(config.tsigKeyName()),
                config.tsigSecret());
    }

    /** The UPDATE: delete the whole record set, then add each value, in one message. */
    private Update update(List<String> values) throws IOException {
        Update update = new Update(Name.fromString(config.zone()));
        Name name = Name.fromString(config.recordName());
        update.delete(name, Type.value(config.recordType()));
        for (Record record : records(values)) {
            update.add(record);
        }
        return update;
    }

    private List<Record> records(List<String> values) throws IOException {
        Name name = Name.fromString(config.recordName());
        List<Record> records = new ArrayList<>();
        for (String value : values) {
            records.add(
                    switch (config.recordType()) {
                        case "A" ->
                            new ARecord(name, DClass.IN, config.ttl(), Address.getByAddress(value, Address.IPv4));
                        case "AAAA" ->
                            new AAAARecord(name, DClass.IN, config.ttl(), Address.getByAddress(value, Address.IPv6));
                        case "CNAME" ->
                            new CNAMERecord(
                                    name,
                                    DClass.IN,
                                    config.ttl(),
                                    Name.fromString(value.endsWith(".") ? value : value + "."));
                        default -> new TXTRecord(name, DClass.IN, config.ttl(), value);
                    });
        }
        return records;
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        return valuesFor(change.to()).map(values -> {
            StringBuilder text = new StringBuilder("DNS UPDATE to " + config.server() + " over " + transport()
                    + ", signed with TSIG " + key() + ", secret ****\n"
                    + "zone: " + config.zone() + " IN SOA\n"
                    + "delete: " + rrset() + " (the whole record set)\n");
            try {
                for (Record record : records(values)) {
                    text.append("add: ")
                            .append(record.getName())
                            .append(' ')
                            .append(record.getTTL())
                            .append(" IN ")
                            .append(config.recordType())
                            .append(' ')
                            .append(record.rdataToString())
                            .append('\n');
                }
            } catch (IOException e) {
                text.append("(a value does not parse: ").append(e.getMessage()).append(")\n");
            }
            return text.toString();
        });
    }

    /**
     * Asks the server for the record set (through the egress guard, as the update went): verified when it answers
     * exactly the values the run set, the standby's on a failure.
     */
    @Override
    public Optional<Verification> verify(StatusChanged change, Duration timeout) {
        Optional<List<String>> values = valuesFor(change.to());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String where = config.server() + " over " + transport();
        try {
            TreeSet<String> wanted = new TreeSet<>();
            for (Record record : records(values.get())) {
                wanted.add(record.rdataToString());
            }
            SimpleResolver resolver = new SimpleResolver(
                    egress.address(config.server().host(), config.server().port()));
            resolver.setTCP(config.tcp());
            resolver.setTimeout(timeout);
            Message response = resolver.send(Message.newQuery(Record.newRecord(
                    Name.fromString(config.recordName()), Type.value(config.recordType()), DClass.IN)));
            TreeSet<String> answered = new TreeSet<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record.getType() == Type.value(config.recordType())) {
                    answered.add(record.rdataToString());
                }
            }
            String seen = rrset() + " at " + where + " answers "
                    + (answered.isEmpty()
                            ? "nothing (" + Rcode.string(response.getRcode()) + ")"
                            : String.join(", ", answered));
            String side = RecordValues.side(change.to());
            return Optional.of(
                    answered.equals(wanted)
                            ? Verification.passed(seen + ": " + side)
                            : Verification.failed(seen + ", not " + side + " " + String.join(", ", wanted)));
        } catch (EgressRefusedException e) {
            return Optional.of(Verification.failed("could not ask " + where + ": " + e.getMessage()));
        } catch (IOException e) {
            return Optional.of(Verification.failed("could not ask " + where + " for " + rrset() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }
}
