package io.cloudroutes.crweb.statuspage;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs a step once the running transaction has committed, or at once without one. */
final class AfterCommit {

    private AfterCommit() {}

    /**
     * A cache dropped before the commit could be filled again from the old rows by a request in between; dropped
     * after it, the next request reads the change.
     */
    static void run(Runnable step) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    step.run();
                }
            });
        } else {
            step.run();
        }
    }
}
