package io.hypershift.orchestrator.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny Redis client for tests, independent of the application's client: one connection per
 * command, replies as text (simple and bulk strings, integers) or lists of text (arrays).
 */
public final class RespClient {

    private final String host;
    private final int port;

    public RespClient(RedisServer server) {
        this.host = server.host();
        this.port = server.port();
    }

    /** A simple, bulk or integer reply as text; null for a nil reply. */
    public String call(String... args) {
        Object reply = send(args);
        if (reply instanceof List<?>) {
            throw new AssertionError("array reply to " + String.join(" ", args));
        }
        return (String) reply;
    }

    /** An array reply of strings. */
    @SuppressWarnings("unchecked")
    public List<String> list(String... args) {
        Object reply = send(args);
        return reply == null ? List.of() : (List<String>) reply;
    }

    private Object send(String... args) {
        try (Socket socket = new Socket(host, port)) {
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
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(InputStream in) throws IOException {
        String line = readLine(in);
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
            case ':':
                return rest;
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                readLine(in);
                return value;
            }
            case '*': {
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            case '-':
                throw new AssertionError("Redis error: " + rest);
            default:
                throw new AssertionError("unexpected RESP reply: " + line);
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
        throw new IOException("connection closed mid-reply");
    }
}
