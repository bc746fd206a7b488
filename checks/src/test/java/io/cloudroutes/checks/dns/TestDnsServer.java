package io.cloudroutes.checks.dns;

import io.cloudroutes.core.egress.HostResolver;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on loopback, UDP and TCP on one port, answering from a map of records. Names can be
 * made to answer NXDOMAIN or SERVFAIL, or to be ignored (no answer at all). UDP answers are cut at 512 bytes with the
 * TC flag set, as a classic server does, so a large answer makes the client retry over TCP.
 */
public final class TestDnsServer implements AutoCloseable {

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> nxdomain = ConcurrentHashMap.newKeySet();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final Map<String, List<List<Record>>> sequences = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    public TestDnsServer() throws IOException {
        // The same port for UDP and TCP: take a free UDP port and retry if its TCP twin is taken.
        DatagramSocket datagrams = null;
        ServerSocket stream = null;
        for (int attempt = 0; stream == null; attempt++) {
            datagrams = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                stream = new ServerSocket(datagrams.getLocalPort(), 10, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                datagrams.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
        udp = datagrams;
        tcp = stream;
        Thread.ofVirtual().start(this::serveUdp);
        Thread.ofVirtual().start(this::serveTcp);
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** "127.0.0.1:port", as the resolver setting is written. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public TestDnsServer answer(Record... answers) {
        for (Record record : answers) {
            records.computeIfAbsent(key(record.getName(), record.getType()), k -> new ArrayList<>())
                    .add(record);
        }
        return this;
    }

    TestDnsServer nxdomain(Name name) {
        nxdomain.add(name);
        return this;
    }

    TestDnsServer servfail(Name name) {
        servfail.add(name);
        return this;
    }

    TestDnsServer silent(Name name) {
        silent.add(name);
        return this;
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    /**
     * Answers the first query for the name and type of {@code first} with it, and every later one with {@code then}:
     * a rebinding name, whose answer changes between two lookups.
     */
    public TestDnsServer rebinding(Record first, Record then) {
        sequences.put(key(first.getName(), first.getType()), List.of(List.of(first), List.of(then)));
        return this;
    }

    /**
     * A resolver for the egress guard that asks this server (one A query per lookup), so that a test decides what a
     * name resolves to.
     */
    public HostResolver resolver() {
        return name -> {
            Message answer;
            try {
                Message query = Message.newQuery(
                        Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), Type.A, DClass.IN));
                SimpleResolver resolver =
                        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
                resolver.setTimeout(Duration.ofSeconds(5));
                answer = resolver.send(query);
            } catch (IOException e) {
                throw new UnknownHostException(name + ": " + e.getMessage());
            }
            List<InetAddress> addresses = answer.getSection(Section.ANSWER).stream()
                    .filter(ARecord.class::isInstance)
                    .map(r -> ((ARecord) r).getAddress())
                    .toList();
            if (addresses.isEmpty()) {
                throw new UnknownHostException(name);
            }
            return addresses;
        };
    }

    /** How many queries (UDP and TCP) asked for {@code name} so far, of any type. */
    public int queriesFor(Name name) {
        AtomicInteger count = asked.get(name.toString().toLowerCase());
        return count == null ? 0 : count.get();
    }

    private Message respond(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        int earlier = asked.computeIfAbsent(name.toString().toLowerCase(), n -> new AtomicInteger())
                .getAndIncrement();
        List<List<Record>> sequence = sequences.get(key(name, question.getType()));
        if (sequence != null) {
            sequence.get(Math.min(earlier, sequence.size() - 1)).forEach(r -> response.addRecord(r, Section.ANSWER));
            return response;
        }
        if (nxdomain.contains(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (servfail.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else {
            // Follow a CNAME as a resolver would: the alias, then the target's records of the asked type.
            Set<String> seen = new HashSet<>();
            Name current = name;
            while (current != null && seen.add(current.toString())) {
                List<Record> direct = records.getOrDefault(key(current, question.getType()), List.of());
                direct.forEach(r -> response.addRecord(r, Section.ANSWER));
                List<Record> alias = records.getOrDefault(key(current, Type.CNAME), List.of());
                if (!direct.isEmpty() || alias.isEmpty()) {
                    break;
                }
                alias.forEach(r -> response.addRecord(r, Section.ANSWER));
                current = ((CNAMERecord) alias.getFirst()).getTarget();
            }
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                if (silent.contains(query.getQuestion().getName())) {
                    continue;
                }
                byte[] reply = respond(query).toWire(512);
                udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                Thread.ofVirtual().start(() -> {
                    try (client) {
                        DataInputStream in = new DataInputStream(client.getInputStream());
                        byte[] data = new byte[in.readUnsignedShort()];
                        in.readFully(data);
                        tcpQueries.incrementAndGet();
                        Message query = new Message(data);
                        if (silent.contains(query.getQuestion().getName())) {
                            in.read();
                            return;
                        }
                        byte[] reply = respond(query).toWire();
                        DataOutputStream out = new DataOutputStream(client.getOutputStream());
                        out.writeShort(reply.length);
                        out.write(reply);
                        out.flush();
                    } catch (IOException ignored) {
                        // The client went away.
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase() + "/" + type;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
