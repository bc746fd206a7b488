package io.cloudroutes.crbridge.bridge;

import org.springframework.stereotype.Component;

/** Runs a full rebuild from code outside the bridge package (operations tooling, tests). */
@Component
public class RebuildAccess {

    private final Rebuilder rebuilder;

    RebuildAccess(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** Rebuilds Redis from PostgreSQL now; returns the number of monitors written. */
    public int run() {
        return rebuilder.rebuild().monitorsWritten();
    }
}
