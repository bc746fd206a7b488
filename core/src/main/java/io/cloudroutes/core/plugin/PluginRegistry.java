package io.cloudroutes.core.plugin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The plugin types of one kind found on the class path with {@link ServiceLoader}, by id. */
public final class PluginRegistry<T extends PluginType> {

    private final Map<String, T> byId;

    private PluginRegistry(Map<String, T> byId) {
        this.byId = byId;
    }

    public static <T extends PluginType> PluginRegistry<T> load(Class<T> kind) {
        Map<String, T> found = new LinkedHashMap<>();
        ServiceLoader.load(kind, kind.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(PluginType::id))
                .forEach(type -> {
                    T previous = found.putIfAbsent(type.id(), type);
                    if (previous != null) {
                        throw new IllegalStateException("two " + kind.getSimpleName() + " plugins claim the id '"
                                + type.id() + "': " + previous.getClass().getName() + " and "
                                + type.getClass().getName());
                    }
                });
        return new PluginRegistry<>(Map.copyOf(found));
    }

    public static <T extends PluginType> PluginRegistry<T> of(List<T> types) {
        Map<String, T> found = new LinkedHashMap<>();
        types.forEach(t -> found.put(t.id(), t));
        return new PluginRegistry<>(found);
    }

    public Optional<T> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The types of one group, in chooser order. */
    public record Group<T extends PluginType>(PluginGroup group, List<T> types) {}

    /**
     * All types as a chooser lists them: by group (lowest group rank first), within a group by {@link PluginType#rank()}
     * and then by name.
     */
    public List<Group<T>> grouped() {
        Map<PluginGroup, List<T>> byGroup = new java.util.TreeMap<>(
                Comparator.comparingInt(PluginGroup::rank).thenComparing(PluginGroup::name));
        byId.values().stream()
                .sorted(Comparator.comparingInt(PluginType::rank).thenComparing(PluginType::name))
                .forEach(type -> byGroup.computeIfAbsent(type.group(), g -> new java.util.ArrayList<>())
                        .add(type));
        return byGroup.entrySet().stream()
                .map(e -> new Group<>(e.getKey(), List.copyOf(e.getValue())))
                .toList();
    }

    /** All types, sorted by id. */
    public List<T> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(PluginType::id))
                .toList();
    }
}
