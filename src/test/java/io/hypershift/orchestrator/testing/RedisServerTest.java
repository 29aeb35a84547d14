package io.hypershift.orchestrator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RedisServerTest {

    private static final Pattern INFO_VERSION = Pattern.compile("redis_version:(\\S+)");

    @Test
    void serverFromPathOrArtifactKeepsAppendOnlyDataAcrossRestartAndKill() throws IOException {
        RedisServer server = RedisServer.start(true);
        try {
            Optional<Path> onPath = RedisServer.findOnPath();
            if (onPath.isPresent()) {
                assertEquals(onPath.get(), server.binary());
            }
            exercise(server);
        } finally {
            server.stop();
        }
        assertStopped(server);
    }

    @Test
    void serverFromMavenArtifactKeepsAppendOnlyDataAcrossRestartAndKill() throws IOException {
        RedisServer server = RedisServer.startFromArtifact(true);
        try {
            assertNotEquals(RedisServer.findOnPath().orElse(null), server.binary());
            exercise(server);
        } finally {
            server.stop();
        }
        assertStopped(server);
    }

    @Test
    void serverWithoutPersistenceStartsEmptyAfterRestart() throws IOException {
        RedisServer server = RedisServer.start();
        try {
            assertEquals("redis://127.0.0.1:" + server.port(), server.url());
            assertEquals("OK", command(server, "SET", "k", "v"));
            server.restart();
            assertNull(command(server, "GET", "k"));
        } finally {
            server.stop();
        }
    }

    private static void exercise(RedisServer server) throws IOException {
        int port = server.port();
        assertEquals("redis://127.0.0.1:" + port, server.url());
        assertAtLeast62(server.version());
        assertEquals(server.version(), infoVersion(server));

        assertEquals("OK", command(server, "SET", "run:1", "queued ✓"));
        assertEquals("queued ✓", command(server, "GET", "run:1"));
        assertEquals("1", command(server, "RPUSH", "jobs", "a"));
        // BLMOVE (Redis >= 6.2) is what the service's queue relies on.
        assertEquals("a", command(server, "BLMOVE", "jobs", "working", "LEFT", "RIGHT", "1"));

        server.restart();
        assertEquals(port, server.port());
        assertEquals("queued ✓", command(server, "GET", "run:1"));

        assertEquals("OK", command(server, "SET", "run:2", "running"));
        server.kill();
        assertFalse(server.isRunning());
        server.restart();
        assertEquals(port, server.port());
        assertEquals("running", command(server, "GET", "run:2"));
        assertEquals("a", command(server, "LINDEX", "working", "0"));
    }

    private static void assertStopped(RedisServer server) {
        assertFalse(server.isRunning());
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> command(server, "PING"));
        assertInstanceOf(ConnectException.class, refused.getCause());
        assertThrows(IllegalStateException.class, server::restart);
    }

    private static void assertAtLeast62(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        assertTrue(major > 6 || (major == 6 && minor >= 2), "Redis " + version + " is older than 6.2");
    }

    private static String infoVersion(RedisServer server) throws IOException {
        String info = command(server, "INFO", "server");
        Matcher m = INFO_VERSION.matcher(info);
        assertTrue(m.find(), "No redis_version in INFO server: " + info);
        return m.group(1);
    }

    /** Sends one command as a RESP array and returns the reply: simple or bulk string, integer as text, or null. */
    private static String command(RedisServer server, String... args) {
        return new RespClient(server).call(args);
    }
}
