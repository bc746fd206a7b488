package io.cloudroutes.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Prometheus and blackbox_exporter binaries the side-by-side run starts, and the versions they report: first those
 * {@code bench/install-tools} unpacked from the Debian packages into {@link #cacheDirectory()} (no service of theirs
 * installed or started), then any on the PATH.
 *
 * @param prometheusVersion the first line of {@code prometheus --version}, e.g. "prometheus, version 2.42.0+ds ..."
 */
record PeerBinaries(Path prometheus, String prometheusVersion, Path blackboxExporter, String blackboxVersion) {

    static final String PROMETHEUS = "prometheus";
    /** The Debian package's name for blackbox_exporter's binary. */
    static final String BLACKBOX_EXPORTER = "prometheus-blackbox-exporter";

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/cloudroutes-bench}, where bench/install-tools puts what it downloads. */
    static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("cloudroutes-bench");
    }

    /** Both binaries with their versions, or empty when one is missing. */
    static Optional<PeerBinaries> find() {
        Optional<Path> prometheus = locate(PROMETHEUS);
        Optional<Path> blackbox = locate(BLACKBOX_EXPORTER);
        if (prometheus.isEmpty() || blackbox.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new PeerBinaries(prometheus.get(), version(prometheus.get()), blackbox.get(), version(blackbox.get())));
    }

    /** Both binaries, or an exception that says what is missing and how to install it. */
    static PeerBinaries require() {
        return find().orElseThrow(() -> new IllegalStateException("no "
                + Stream.of(PROMETHEUS, BLACKBOX_EXPORTER)
                        .filter(name -> locate(name).isEmpty())
                        .collect(Collectors.joining(" and no "))
                + " in "
                + cacheDirectory().resolve("debian/usr/bin") + " or on the PATH: run bench/install-tools, which unpacks"
                + " the Debian packages prometheus and prometheus-blackbox-exporter there"));
    }

    /** The first executable {@code name} in the cache directory or on the PATH. */
    static Optional<Path> locate(String name) {
        List<Path> directories = new ArrayList<>();
        directories.add(cacheDirectory().resolve("debian/usr/bin"));
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isBlank()) {
                directories.add(Path.of(entry));
            }
        }
        return directories.stream()
                .map(directory -> directory.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String version(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output.lines().findFirst().orElse("(no version)").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
