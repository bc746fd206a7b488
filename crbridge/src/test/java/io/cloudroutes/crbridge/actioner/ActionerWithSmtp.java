package io.cloudroutes.crbridge.actioner;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.crbridge.CrbridgeApplication;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An actioner test class whose reactions send email through a real SMTP server ({@link #smtp}, kept for the class):
 * crbridge on the class's own database and Redis ({@link ActionerInfrastructure}), and for each test an empty mailbox,
 * a new person in their personal team ({@link #fixtures}) and the reaction runs to read ({@link #runLog}).
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
@Import(ActionerFixtures.Repositories.class)
abstract class ActionerWithSmtp {

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    /** The class's database and Redis: for a second actioner on them ({@link ActionerInfrastructure#anotherActioner}). */
    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    ActionerFixtures.Repositories crbridge;

    ActionerFixtures fixtures;
    ReactionRunLog runLog;

    @BeforeEach
    void anOwnerAndAnEmptyMailbox() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        fixtures = crbridge.forNewOwner("ops");
        runLog = crbridge.runLog();
    }
}
