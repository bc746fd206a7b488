package io.cloudroutes.store.statuspage;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A named group of monitors on a status page, shown in its position with its monitors in theirs. */
@Entity
@Table(name = "status_page_groups")
public class StatusPageGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private int position;

    // A deleted monitor's row goes with it (ON DELETE CASCADE): positions may then have a gap, which ordering ignores.
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "status_page_monitors", joinColumns = @JoinColumn(name = "group_id"))
    @OrderBy("position")
    private List<PlacedMonitor> monitors = new ArrayList<>();

    /** A monitor in a group, at a position. */
    @Embeddable
    public record PlacedMonitor(
            @Column(name = "monitor_id", nullable = false) Long monitorId,
            @Column(nullable = false) int position) {}

    protected StatusPageGroup() {}

    StatusPageGroup(String name, int position, List<Long> monitorIds) {
        this.name = name;
        this.position = position;
        IntStream.range(0, monitorIds.size()).forEach(i -> monitors.add(new PlacedMonitor(monitorIds.get(i), i)));
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public int getPosition() {
        return position;
    }

    /** The group's monitors in the order shown. */
    public List<Long> monitorIds() {
        return monitors.stream().map(PlacedMonitor::monitorId).toList();
    }
}
