package io.cloudroutes.crweb.push;

import java.util.List;

/**
 * The latest deliveries to a monitor, newest first.
 *
 * @param available false when Redis, where they are kept, cannot be reached
 * @param items     the deliveries; empty when none arrived (or when not available)
 */
public record RecentDeliveries(boolean available, List<Delivery> items) {}
