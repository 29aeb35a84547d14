package io.hypershift.orchestrator.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * A real redis-server process on a free loopback port, for tests.
 * Uses {@code redis-server} from PATH when there is one, else the binary shipped in the
 * test-scoped {@code com.github.codemonstur:embedded-redis} artifact.
 */
public final class RedisServer {

    private static final Logger LOG = Logger.getLogger(RedisServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)");
    // A port picked free can be taken by someone else before redis-server binds it.
    private static final int BIND_ATTEMPTS = 3;

    private final Path binary;
    private final String version;
    private final boolean appendOnly;
    private final Path dir;
    private final Path log;
    private final Thread reaper;
    private int port;
    private volatile Process process;
    private boolean stopped;

    private RedisServer(boolean appendOnly, boolean allowPath) {
        this.appendOnly = appendOnly;
        this.dir = createTempDir();
        this.log = dir.resolve("redis-server.log");
        this.reaper = new Thread(this::destroyProcess, "redis-server-reaper");
        try {
            Optional<Path> onPath = allowPath ? findOnPath() : Optional.empty();
            this.binary = onPath.isPresent() ? onPath.get() : extractArtifactBinary(dir);
            this.version = readVersion(binary);
            LOG.infof("Using redis-server %s (%s), version %s",
                    binary, onPath.isPresent() ? "from PATH" : "from Maven artifact", version);
            // A test JVM that dies without stop() must not leave redis-server behind.
            Runtime.getRuntime().addShutdownHook(reaper);
            startOnFreePort();
        } catch (RuntimeException e) {
            destroyProcess();
            deleteRecursively(dir);
            removeReaper();
            throw e;
        }
    }

    /** Starts a server without persistence. */
    public static RedisServer start() {
        return new RedisServer(false, true);
    }

    /** Starts a server; with {@code appendOnly} every write is fsynced, so data survives {@link #restart()} and {@link #kill()}. */
    public static RedisServer start(boolean appendOnly) {
        return new RedisServer(appendOnly, true);
    }

    /** Starts the binary from the Maven artifact even when redis-server is on PATH. */
    static RedisServer startFromArtifact(boolean appendOnly) {
        return new RedisServer(appendOnly, false);
    }

    /**
     * The redis-server to run: the one on PATH, else the artifact's binary copied into {@code scratch}.
     * Shared with the benchmark, which manages its own process.
     */
    public static Path locateBinary(Path scratch) {
        return findOnPath().orElseGet(() -> extractArtifactBinary(scratch));
    }

    static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    public Path binary() {
        return binary;
    }

    /** Version reported by {@code redis-server --version}, e.g. {@code 7.0.15}. */
    public String version() {
        return version;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server gracefully (SIGTERM, then force after a timeout) and deletes its data folder. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        terminate();
        deleteRecursively(dir);
        removeReaper();
    }

    /** Stops the process and starts it again on the same port, keeping its data folder. */
    public synchronized void restart() {
        requireNotStopped();
        terminate();
        launch();
    }

    /** Kills the process abruptly, like a crash; {@link #restart()} brings it back. */
    public synchronized void kill() {
        requireNotStopped();
        destroyProcess();
    }

    private void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= BIND_ATTEMPTS || !logText().contains("Address already in use")) {
                    throw e;
                }
                LOG.warnf("Port %d was taken before redis-server bound it, trying another", port);
            }
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", String.valueOf(port),
                "--bind", HOST,
                "--save", "",
                "--protected-mode", "no",
                "--dir", dir.toString()));
        if (appendOnly) {
            // fsync each write so that a kill() loses nothing a client saw acknowledged.
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + binary, e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with code " + process.exitValue()
                        + " on port " + port + ":\n" + logText());
            }
            if (answersPing()) {
                return;
            }
            waitForExit(Duration.ofMillis(20));
        }
        destroyProcess();
        throw new IllegalStateException("redis-server did not answer PING on port " + port
                + " within " + START_TIMEOUT + ":\n" + logText());
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[5];
            int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
            // While loading its append-only file the server answers -LOADING instead.
            return read == reply.length && "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private void terminate() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_TIMEOUT)) {
            LOG.warnf("redis-server on port %d ignored SIGTERM for %s, killing it", port, STOP_TIMEOUT);
            destroyProcess();
        }
    }

    private void destroyProcess() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server", e);
        }
    }

    private void requireNotStopped() {
        if (stopped) {
            throw new IllegalStateException("RedisServer on port " + port + " was stopped");
        }
    }

    private void removeReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // JVM already shutting down, or the hook was never added.
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static Path extractArtifactBinary(Path dir) {
        String resource = artifactResource();
        Path target = dir.resolve("redis-server");
        try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No redis-server on PATH and no " + resource
                        + " on the test classpath (test dependency com.github.codemonstur:embedded-redis)");
            }
            Files.copy(in, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + resource, e);
        }
    }

    private static String artifactResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x64) {
            return "/redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm64) {
            return "/redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && x64) {
            return "/redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm64) {
            return "/redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("No redis-server on PATH and none shipped for " + os + "/" + arch);
    }

    private static String readVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(binary + " --version failed: " + out);
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("Unexpected output of " + binary + " --version: " + out);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + binary + " --version", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("redis-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp folder for redis-server", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Cannot delete %s: %s", root, e);
        }
    }
}
