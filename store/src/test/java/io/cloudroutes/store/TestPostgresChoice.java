package io.cloudroutes.store;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Which PostgreSQL a test run uses, chosen once per JVM and printed: {@code postgres:17} through Testcontainers when a
 * Docker engine answers, the embedded server otherwise. {@code -Dcloudroutes.test.postgres} (or
 * {@code CLOUDROUTES_TEST_POSTGRES}) = {@code auto} (the default), {@code embedded} or {@code container} overrides it;
 * {@code container} without an engine fails instead of falling back, so that a CI meant to test against the image
 * cannot pass on the embedded server unnoticed.
 */
public record TestPostgresChoice(Kind kind, String why) {

    public static final String PROPERTY = "cloudroutes.test.postgres";
    public static final String VARIABLE = "CLOUDROUTES_TEST_POSTGRES";

    /** The two kinds of server a test can get. */
    public enum Kind {
        EMBEDDED,
        CONTAINER
    }

    private static TestPostgresChoice thisRun;

    /** The choice of this JVM, made (and printed) at its first use. */
    public static synchronized TestPostgresChoice forThisRun() {
        if (thisRun == null) {
            String asked = System.getProperty(PROPERTY, System.getenv(VARIABLE));
            thisRun = choose(asked, () -> DockerClientFactory.instance().isDockerAvailable());
            System.out.println("CloudRoutes tests use " + thisRun);
        }
        return thisRun;
    }

    /**
     * Prints the choice; the build runs it before store's tests, so that the line stands near the start of a run's
     * output (the tests' own output goes to files). Testcontainers' report of each place it looked for an engine is
     * left to the tests' output files.
     */
    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.testcontainers"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        forThisRun();
    }

    /** The choice for what was asked ({@code null} or blank is {@code auto}) and whether a Docker engine answers. */
    static TestPostgresChoice choose(String asked, BooleanSupplier dockerAnswers) {
        String mode = asked == null || asked.isBlank() ? "auto" : asked.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded" -> new TestPostgresChoice(Kind.EMBEDDED, PROPERTY + "=embedded");
            case "container" -> {
                if (!dockerAnswers.getAsBoolean()) {
                    throw new IllegalStateException(PROPERTY + "=container, but Testcontainers found no Docker engine:"
                            + " start one (or set DOCKER_HOST), or run with " + PROPERTY + "=auto or embedded");
                }
                yield new TestPostgresChoice(Kind.CONTAINER, PROPERTY + "=container");
            }
            case "auto" ->
                dockerAnswers.getAsBoolean()
                        ? new TestPostgresChoice(Kind.CONTAINER, "a Docker engine answers")
                        : new TestPostgresChoice(Kind.EMBEDDED, "no Docker engine answers");
            default ->
                throw new IllegalStateException(
                        PROPERTY + " (or " + VARIABLE + ") is '" + asked + "'; use auto, embedded or container");
        };
    }

    /** Starts a server of this kind. */
    public TestPostgres start() {
        return kind == Kind.CONTAINER ? ContainerTestPostgres.start() : TestPostgres.embedded();
    }

    @Override
    public String toString() {
        return (kind == Kind.CONTAINER
                        ? "PostgreSQL " + ContainerTestPostgres.IMAGE + " through Testcontainers"
                        : "the embedded PostgreSQL 17")
                + " (" + why + ")";
    }
}
