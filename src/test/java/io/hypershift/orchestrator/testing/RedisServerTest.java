package io.hypershift.orchestrator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        assertThrows(ConnectException.class, () -> command(server, "PING"));
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
    private static String command(RedisServer server, String... args) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(5000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            socket.getOutputStream().write(request.toByteArray());
            return readReply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
            case ':':
                return rest;
            case '$':
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                readLine(in);
                return value;
            case '-':
                throw new AssertionError("Redis error: " + rest);
            default:
                throw new AssertionError("Unexpected RESP reply: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("Connection closed mid-reply");
    }
}
