package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@link ActionerWithSmtp} test class on a clock the test moves ({@link #clock}, which each test sets first), with
 * an HTTP receiver on loopback for each test ({@link #receiver}) that its reactions call: the set-up of the safeguard
 * tests (holds, approvals, explanations, shadow mode).
 */
@Import({ActionerFixtures.Repositories.class, ActionerInfrastructure.MovableClock.class})
abstract class ActionerOnTestClock extends ActionerWithSmtp {

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ActionerInfrastructure.TestClock clock;

    HttpReceiver receiver;

    @BeforeEach
    void aReceiver() throws IOException {
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }
}
