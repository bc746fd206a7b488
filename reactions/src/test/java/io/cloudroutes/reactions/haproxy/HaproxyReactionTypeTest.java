package io.cloudroutes.reactions.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.reactions.ReactionType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyReactionTypeTest {

    private final HaproxyReactionType type = new HaproxyReactionType();

    @Test
    void isRegisteredAndRestoresOnRecovery() {
        assertThat(ReactionType.registry().find("haproxy")).get().isInstanceOf(HaproxyReactionType.class);
        assertThat(type.restoresOnRecovery()).isTrue();
    }

    @Test
    void acceptsHostPortAndUnixSocketAddresses() {
        assertThat(type.validate(Map.of("address", "127.0.0.1:9999", "backend", "web", "server", "a1")))
                .isEmpty();
        assertThat(type.validate(
                        Map.of("address", "lb1.example.com:9999", "backend", "web", "server", "a1", "mode", "maint")))
                .isEmpty();
        assertThat(type.validate(Map.of("address", "[::1]:9999", "backend", "web", "server", "a1")))
                .isEmpty();
        assertThat(type.validate(
                        Map.of("address", "/run/haproxy/admin.sock", "backend", "be_app.v2", "server", "srv-1:a")))
                .isEmpty();
    }

    @Test
    void namesTheFieldAndTheFixForBadSettings() {
        assertThat(type.validate(Map.of("address", "127.0.0.1", "backend", "web", "server", "a")))
                .containsExactly(Map.entry(
                        "address",
                        "Runtime API address must be host:port (e.g. 127.0.0.1:9999) "
                                + "or an absolute Unix socket path (e.g. /run/haproxy/admin.sock)"));
        assertThat(type.validate(Map.of("address", "127.0.0.1:70000", "backend", "web", "server", "a")))
                .containsExactly(Map.entry("address", "Runtime API address: the port must be between 1 and 65535"));
        assertThat(type.validate(Map.of("address", "127.0.0.1:stats", "backend", "web", "server", "a")))
                .containsExactly(Map.entry(
                        "address", "Runtime API address: the port must be a number, " + "e.g. 127.0.0.1:9999"));
        assertThat(type.validate(
                        Map.of("address", "127.0.0.1:9999", "backend", "web\nshutdown sessions", "server", "a b")))
                .containsExactly(
                        Map.entry(
                                "backend",
                                "Backend must be a name as in haproxy.cfg: letters, digits, '_', '.', "
                                        + "':' or '-', e.g. web1"),
                        Map.entry(
                                "server",
                                "Server must be a name as in haproxy.cfg: letters, digits, '_', '.', "
                                        + "':' or '-', e.g. web1"));
        assertThat(type.validate(
                        Map.of("address", "127.0.0.1:9999", "backend", "web", "server", "a", "mode", "disable")))
                .containsExactly(Map.entry("mode", "On failure must be one of drain, maint"));
        assertThat(type.validate(Map.of("address", "127.0.0.1:9999", "backend", "web")))
                .containsExactly(Map.entry("server", "Server is required"));
    }
}
