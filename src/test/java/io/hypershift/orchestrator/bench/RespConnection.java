package io.hypershift.orchestrator.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest Redis client that does the job: RESP2 commands written as arrays of bulk strings,
 * replies read back as String (simple and bulk), Long, List or {@link RedisError}. Commands can be
 * pipelined by calling {@link #write} several times, then {@link #flush} and as many {@link #read}.
 */
final class RespConnection implements AutoCloseable {

    /** An error reply ({@code -ERR ...}). */
    record RedisError(String message) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespConnection(String host, int port, int readTimeoutMillis) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(readTimeoutMillis);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to redis at " + host + ":" + port, e);
        }
    }

    /** Sends one command and returns its reply. */
    Object call(String... args) {
        write(args);
        flush();
        return read();
    }

    void write(String... args) {
        try {
            out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write('\r');
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object read() {
        try {
            int type = in.read();
            String line = readLine();
            return switch (type) {
                case '+' -> line;
                case '-' -> new RedisError(line);
                case ':' -> Long.parseLong(line);
                case '$' -> readBulk(Integer.parseInt(line));
                case '*' -> readArray(Integer.parseInt(line));
                case -1 -> throw new IOException("connection closed by redis");
                default -> throw new IOException("unexpected RESP type " + (char) type);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether redis answers PING with PONG on this connection. */
    static boolean answersPing(String host, int port) {
        try (RespConnection connection = new RespConnection(host, port, 1000)) {
            return "PONG".equals(connection.call("PING"));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private List<Object> readArray(int count) {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read());
        }
        return items;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("connection closed by redis");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do with a connection that will not close.
        }
    }
}
