package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.crweb.system.PublicUrl;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs {@link DomainProofs#recheck} every {@code recheckRound} on one background thread, while custom domains are on
 * (CLOUDROUTES_PUBLIC_URL set). Each round takes a bounded batch of due pages, so a round's work does not grow with
 * the number of pages; several crwebs share the work through the round's database claim.
 */
@Component
class DomainRecheckSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DomainRecheckSchedule.class);

    private final DomainProofs proofs;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("status-page-domains").daemon().factory());

    DomainRecheckSchedule(DomainProofs proofs, CustomDomainProperties properties, PublicUrl publicUrl) {
        this.proofs = proofs;
        long every = properties.recheckRound().toMillis();
        if (every > 0 && publicUrl.configured()) {
            rounds.scheduleWithFixedDelay(this::roundSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void roundSafely() {
        try {
            int checked = proofs.recheck();
            if (checked > 0) {
                log.debug("Looked up the DNS proof of {} status page domains", checked);
            }
        } catch (RuntimeException e) {
            // the database may be away for a moment; the next round tries again
            log.warn("Could not re-check the custom domains of status pages: {}", e.getMessage());
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        close();
    }

    @Override
    public void close() {
        rounds.shutdownNow();
    }
}
