package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The count of refused connections, from accepts, disconnects and admissions in the orders jeromq reports them. */
class HandshakeTallyTest {

    private final HandshakeTally tally = new HandshakeTally();

    @Test
    void aConnectionThatEndsWithoutAdmissionIsRefused() {
        Object peer = new Object();
        tally.accepted(peer);
        tally.disconnected(peer);
        assertThat(tally.refused()).isEqualTo(1);
    }

    @Test
    void anAdmittedConnectionThatLeavesLaterIsNotRefused() {
        Object worker = new Object();
        tally.accepted(worker);
        tally.admitted();
        tally.disconnected(worker);
        assertThat(tally.refused()).isZero();
    }

    @Test
    void anAdmissionReportedBeforeItsAcceptStillCounts() {
        Object worker = new Object();
        tally.admitted();
        tally.accepted(worker);
        tally.disconnected(worker);
        assertThat(tally.refused()).isZero();
    }

    @Test
    void overlappingHandshakesAddUpOnceTheyEnded() {
        Object worker = new Object();
        Object stranger = new Object();
        tally.accepted(worker);
        tally.accepted(stranger);
        tally.admitted();
        // the worker leaves first: the tally cannot tell and counts it, then the stranger is taken as admitted
        tally.disconnected(worker);
        tally.disconnected(stranger);
        assertThat(tally.refused()).isEqualTo(1);

        Object other = new Object();
        Object late = new Object();
        tally.accepted(other);
        tally.accepted(late);
        tally.admitted();
        tally.disconnected(late);
        tally.disconnected(other);
        assertThat(tally.refused()).isEqualTo(2);
    }
}
