package io.cloudroutes.crbridge.actioner;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A task of the actioner that runs once a second on its own thread while the actioner runs, and says once when it
 * starts failing (Redis away) and once when it works again, instead of once a second.
 */
abstract class EverySecond implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EverySecond.class);

    private final String what;
    private ScheduledExecutorService executor;
    private boolean failing;

    /** {@code what} names the task in logs and in its thread, e.g. "heartbeat deadlines". */
    EverySecond(String what) {
        this.what = what;
    }

    /** One round of the task. */
    abstract void runOnce();

    private void tick() {
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

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("crbridge-" + what.replace(' ', '-')).factory());
        executor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
