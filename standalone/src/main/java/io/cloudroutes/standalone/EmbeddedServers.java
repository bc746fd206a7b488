package io.cloudroutes.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** Real PostgreSQL and Redis servers run from Maven artifacts, for the embedded default. */
final class EmbeddedServers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    private EmbeddedServers() {
    }

    /** A PostgreSQL server keeping its data in {@code directory}; an existing cluster there is reused. */
    static EmbeddedPostgres postgres(Path directory) {
        try {
            Files.createDirectories(directory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // stopped by Standalone's one shutdown hook, after the processes that use it
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("embedded PostgreSQL started port={} data={}", postgres.getPort(), directory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + directory
                    + "; set CLOUDROUTES_DATABASE_URL to use an external database", e);
        }
    }

    /** A Redis server on loopback, persisting to an append-only file in {@code directory}. */
    static RedisServer redis(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + directory)
                    .setting("appendonly yes")
                    .setting("save 60 1")
                    .build();
            redis.start();
            log.info("embedded Redis started port={} data={}", port, directory);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis in " + directory
                    + "; set CLOUDROUTES_REDIS_URL to use an external Redis", e);
        }
    }
}
