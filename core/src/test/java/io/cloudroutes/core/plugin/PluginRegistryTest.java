package io.cloudroutes.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    static final PluginGroup COMMON = new PluginGroup("Common", 1);
    static final PluginGroup RARE = new PluginGroup("Rare", 2);

    record Type(String id, String name, PluginGroup group, int rank) implements PluginType {
        @Override
        public List<Setting> settings() {
            return List.of();
        }
    }

    static final class Plain implements PluginType {
        @Override
        public String id() {
            return "plain";
        }

        @Override
        public String name() {
            return "Plain";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }
    }

    @Test
    void aChooserListsGroupsByRankAndTheCommonestTypesFirst() {
        PluginRegistry<PluginType> registry = PluginRegistry.of(List.of(
                new Type("zeta", "Zeta", RARE, 1),
                new Plain(),
                new Type("beta", "Beta", COMMON, 2),
                new Type("alpha", "Alpha", COMMON, 2),
                new Type("omega", "Omega", COMMON, 1)));

        List<PluginRegistry.Group<PluginType>> groups = registry.grouped();

        assertThat(groups).extracting(g -> g.group().name()).containsExactly("Common", "Rare", "Other");
        assertThat(groups.getFirst().types()).extracting(PluginType::id).containsExactly("omega", "alpha", "beta");
        assertThat(groups.getLast().types()).extracting(PluginType::description).containsExactly("");
    }

    private final List<String> closed = new ArrayList<>();

    @Test
    void closingTheRegistryClosesEveryTypeOnce() {
        PluginRegistry<PluginType> registry = PluginRegistry.of(List.of(type("http", null), type("tcp", null)));

        registry.close();
        registry.close();

        assertThat(closed).containsExactly("http", "tcp");
    }

    @Test
    void aTypeThatFailsToCloseDoesNotKeepTheOthersOpen() {
        PluginRegistry<PluginType> registry = PluginRegistry.of(List.of(
                type("dns", new IllegalStateException("resolver stuck")),
                type("http", null),
                type("redis", new IllegalStateException("event loop stuck"))));

        assertThatThrownBy(registry::close)
                .hasMessage("the dns plugin failed to close: java.lang.IllegalStateException: resolver stuck")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("event loop stuck"));
        assertThat(closed).containsExactly("dns", "http", "redis");
    }

    private PluginType type(String id, RuntimeException failure) {
        return new PluginType() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String name() {
                return id;
            }

            @Override
            public List<Setting> settings() {
                return List.of();
            }

            @Override
            public void close() {
                closed.add(id);
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
