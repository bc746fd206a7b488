package io.cloudroutes.crbridge.bridge;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/** {@code POST /actuator/rebuild}: rebuild Redis from PostgreSQL now, e.g. after Redis lost its data. */
@Component
@Endpoint(id = "rebuild")
class RebuildEndpoint {

    private final Rebuilder rebuilder;

    RebuildEndpoint(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @WriteOperation
    Map<String, Object> rebuild() {
        Rebuilder.Summary summary = rebuilder.rebuild();
        return Map.of(
                "monitorsWritten",
                summary.monitorsWritten(),
                "orphansRemoved",
                summary.orphansRemoved(),
                "statesRestored",
                summary.statesRestored(),
                "lostMeanwhile",
                summary.lostMeanwhile());
    }
}
