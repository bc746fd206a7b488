package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.core.StatusPageLimits.CustomDomain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
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
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads the TXT records at {@code _cloudroutes-challenge.<domain>} from the configured resolvers. One DNS query, to
 * those resolvers only: what the answer names is never looked up or connected to.
 */
@Component
class ChallengeLookup {

    /** What the resolvers said. */
    sealed interface Answer {
        /** The TXT values at the name (each record's strings joined). */
        record Found(List<String> values) implements Answer {}

        /** The resolvers answered: no such name, or no TXT record at it. */
        record Missing(String why) implements Answer {}

        /** No answer to judge by (a timeout, a server failure); says nothing about the record. */
        record Failed(String why) implements Answer {}
    }

    private final CustomDomainProperties properties;

    ChallengeLookup(CustomDomainProperties properties) {
        this.properties = properties;
    }

    static String challengeName(String domain) {
        return CustomDomain.CHALLENGE_PREFIX + domain;
    }

    Answer lookUp(String domain) {
        String shown = challengeName(domain);
        Name name;
        try {
            name = Name.fromString(shown, Name.root);
        } catch (TextParseException e) {
            return new Answer.Failed(shown + " is not a DNS name");
        }
        List<InetSocketAddress> servers = properties.resolverAddresses();
        if (servers.isEmpty()) {
            servers = ResolverConfig.getCurrentConfig().servers();
        }
        if (servers.isEmpty()) {
            return new Answer.Failed("CloudRoutes has no DNS resolver to ask; the operator can set"
                    + " CLOUDROUTES_STATUS_PAGES_DNS_RESOLVERS");
        }
        Message response;
        try {
            response = resolver(servers).send(Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN)));
        } catch (IOException e) {
            return new Answer.Failed("the DNS resolver did not answer for " + shown + " within "
                    + properties.dnsTimeout().toSeconds() + " s; try again later");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer.Missing("there is no DNS name " + shown);
        }
        if (rcode != Rcode.NOERROR) {
            return new Answer.Failed(
                    "the DNS resolver answered " + Rcode.string(rcode) + " for " + shown + "; try again later");
        }
        List<String> values = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt) {
                values.add(String.join("", txt.getStrings()));
            }
        }
        return values.isEmpty() ? new Answer.Missing("there is no TXT record at " + shown) : new Answer.Found(values);
    }

    /** A resolver per look-up: dnsjava resolvers hold their timeout as mutable state. */
    private Resolver resolver(List<InetSocketAddress> servers) {
        List<Resolver> each = servers.stream()
                .map(server -> (Resolver) new SimpleResolver(server))
                .toList();
        ExtendedResolver resolver = new ExtendedResolver(each);
        resolver.setTimeout(properties.dnsTimeout());
        resolver.setRetries(1);
        return resolver;
    }
}
