package io.cloudroutes.core.plugin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plugin types of one kind found on the class path with {@link ServiceLoader}, by id. A process creates one per
 * kind, once, and closes it when it stops: closing frees what the types share (their connection pools).
 */
public final class PluginRegistry<T extends PluginType> implements AutoCloseable {

    private final Map<String, T> byId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PluginRegistry(Map<String, T> byId) {
        this.byId = byId;
    }

    /** A new instance of every type of this kind on the class path; the caller owns it and closes it. */
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

    /**
     * Closes every type, once, even when one fails to close: a type's failure is thrown after the others are closed,
     * with the failures of further types attached to it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (T type : all()) {
            try {
                type.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new IllegalStateException("the " + type.id() + " plugin failed to close: " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
