package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
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
}
