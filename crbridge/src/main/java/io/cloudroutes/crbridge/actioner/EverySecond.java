package io.cloudroutes.crbridge.actioner;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A task of the actioner that runs once a second (by crbridge's scheduler) while the actioner runs, and says once when
 * it starts failing (Redis away) and once when it works again, instead of once a second.
 */
abstract class EverySecond {

    private static final Logger log = LoggerFactory.getLogger(EverySecond.class);

    private final String what;
    private boolean failing;

    /** {@code what} names the task in logs, e.g. "heartbeat deadlines". */
    EverySecond(String what) {
        this.what = what;
    }

    /** One round of the task. */
    abstract void runOnce();

    @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
    void tick() {
        try {
            runOnce();
            if (failing) {
                log.info("{} are watched again", what);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot watch {}, retrying every second error={}", what, e.toString());
                failing = true;
            }
        }
    }
}
