package io.cloudroutes.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import io.cloudroutes.core.zmq.PatchedJeromq;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the module dependency rule of DESIGN.md section 1: core ← checks, reactions ← store ← processes, and
 * processes never depend on each other (they talk only through Postgres, Redis and ZeroMQ).
 */
class ModuleDependencyRulesTest {

    private static final String CORE = "io.cloudroutes.core..";
    private static final String CHECKS = "io.cloudroutes.checks..";
    private static final String REACTIONS = "io.cloudroutes.reactions..";
    private static final String STORE = "io.cloudroutes.store..";
    private static final String CRWEB = "io.cloudroutes.crweb..";
    private static final String CRBRIDGE = "io.cloudroutes.crbridge..";
    private static final String CONTROL = "io.cloudroutes.control..";
    private static final String BROKER = "io.cloudroutes.broker..";
    private static final String WORKER = "io.cloudroutes.worker..";
    private static final String STANDALONE = "io.cloudroutes.standalone..";

    private static JavaClasses classes;

    @BeforeAll
    static void importProjectClasses() {
        classes = ProjectClasses.mainCode();
    }

    @Test
    void coreDependsOnNoOtherModuleAndNoFramework() {
        noClasses()
                .that()
                .resideInAPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        CHECKS,
                        REACTIONS,
                        STORE,
                        CRWEB,
                        CRBRIDGE,
                        CONTROL,
                        BROKER,
                        WORKER,
                        STANDALONE,
                        "org.springframework..",
                        "jakarta.persistence..")
                .because(
                        "DESIGN.md section 1: core is the shared vocabulary every module depends on, with no Spring and"
                                + " no I/O framework, so that a plugin or a process can take it without taking a framework")
                .check(classes);
        // Lua scripts are loaded and run (EVALSHA, loaded again after Redis lost its script cache) in one place, core's
        // redis package, for crweb, crbridge and the control alike; nothing else in core uses a Redis client.
        noClasses()
                .that()
                .resideInAPackage(CORE)
                .and()
                .resideOutsideOfPackage("io.cloudroutes.core.redis..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.lettuce..")
                .because("DESIGN.md section 7.13: each rule lives in one place, the Lua script helper among them")
                .check(classes);
        // The plane's socket security (CURVE keys, authentication of peers, message size) is set up in one place,
        // core's zmq package, for the broker, control, worker and actioner alike; nothing else in core uses ZeroMQ.
        noClasses()
                .that()
                .resideInAPackage(CORE)
                .and()
                .resideOutsideOfPackage("io.cloudroutes.core.zmq..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.zeromq..")
                .because("DESIGN.md section 8 (an authenticated internal plane): the plane's socket security is set up"
                        + " in one place, core's zmq package")
                .check(classes);
    }

    @Test
    void pluginModulesDependOnlyOnCore() {
        noClasses()
                .that()
                .resideInAnyPackage(CHECKS, REACTIONS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(STORE, CRWEB, CRBRIDGE, CONTROL, BROKER, WORKER, STANDALONE)
                .because("DESIGN.md sections 1 and 4: a plugin sees only core and what its services hand it, so that"
                        + " the same plugin runs in a worker, an actioner and crweb's test runs")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(CHECKS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(REACTIONS)
                .because("DESIGN.md section 1: checks and reactions are separate plugin catalogues; what both need is"
                        + " in core")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(REACTIONS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CHECKS)
                .because("DESIGN.md section 1: checks and reactions are separate plugin catalogues; what both need is"
                        + " in core")
                .check(classes);
    }

    @Test
    void reactionsSendMailOnlyThroughTheirMailer() {
        // ReactionServices lends a Mailer (a CloudRoutes type); one class implements it with Spring's mail support
        noClasses()
                .that()
                .resideInAPackage(REACTIONS)
                .and()
                .doNotHaveFullyQualifiedName("io.cloudroutes.reactions.SmtpMailer")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.mail..")
                .because("DESIGN.md section 4: a plugin receives what it needs as CloudRoutes services"
                        + " (ReactionServices.mailer()), not a framework's types; SmtpMailer is the one SMTP client")
                .check(classes);
    }

    @Test
    void pluginsConnectOnlyThroughTheEgressGuard() {
        // the plugins' own code, not the test servers their test jars publish
        DescribedPredicate<JavaClass> mainCode = DescribedPredicate.describe(
                "are main code",
                type -> type.getSource()
                        .map(source -> !source.getUri().toString().contains("-tests.jar"))
                        .orElse(true));
        noClasses()
                .that()
                .resideInAnyPackage(CHECKS, REACTIONS)
                .and(mainCode)
                .should()
                .callMethod(InetAddress.class, "getByName", String.class)
                .orShould()
                .callMethod(InetAddress.class, "getAllByName", String.class)
                .orShould()
                .callConstructor(InetSocketAddress.class, String.class, int.class)
                .orShould()
                .callConstructor(Socket.class)
                .orShould()
                .callConstructor(Socket.class, String.class, int.class)
                .orShould()
                .callConstructor(Socket.class, InetAddress.class, int.class)
                .orShould()
                .callConstructor(DatagramSocket.class)
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(java.net.http.HttpClient.class, URLConnection.class)
                .because("DESIGN.md section 8 (egress guard in core): every connection made for a tenant goes through"
                        + " the egress guard (io.cloudroutes.core.egress), which resolves once, checks every"
                        + " address and connects to what it checked")
                .check(classes);
    }

    @Test
    void storeDependsOnNoProcess() {
        noClasses()
                .that()
                .resideInAPackage(STORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CRWEB, CRBRIDGE, CONTROL, BROKER, WORKER, STANDALONE)
                .because("DESIGN.md section 1: store is the one owner of the PostgreSQL schema, a library under the"
                        + " processes")
                .check(classes);
    }

    @Test
    void processesNeverDependOnEachOther() {
        String[] processes = {CRWEB, CRBRIDGE, CONTROL, BROKER, WORKER};
        for (String process : processes) {
            String[] others = java.util.Arrays.stream(processes)
                    .filter(p -> !p.equals(process))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(process)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage(STANDALONE)
                    .because("DESIGN.md section 1: processes never depend on each other; they talk only through"
                            + " PostgreSQL, Redis and ZeroMQ, so that each deploys and scales on its own")
                    .check(classes);
        }
    }

    @Test
    void everyProcessGetsJeromqWithItsSignalerFixedAndNotJeromqItself() {
        // the standalone's class path holds every process's modules and their dependencies
        PatchedJeromq.requireOnlyTheFixedSignaler(getClass().getClassLoader());
    }
}
