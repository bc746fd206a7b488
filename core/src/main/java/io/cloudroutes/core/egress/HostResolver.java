package io.cloudroutes.core.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up the addresses of a host name; the egress guard asks it once per connection. */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code name} (never empty); UnknownHostException when it has none. */
    List<InetAddress> resolve(String name) throws UnknownHostException;

    /** The system's resolver (the JVM's lookup, with its cache). */
    static HostResolver system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
