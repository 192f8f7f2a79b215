package dev.orginvites.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the emulator that breaks DynamoDB calls on demand: it resets the connection
 * before or after the call reaches DynamoDB, answers with throttling, or answers too late for the client's attempt
 * timeout. Faults target one operation (by its {@code X-Amz-Target}) or all, for a number of calls or for good.
 */
final class FaultProxy implements AutoCloseable {
    enum Fault { NONE, RESET_BEFORE, RESET_AFTER, THROTTLE, SLOW }

    /** Longer than the client's 2 s attempt timeout. */
    static final int SLOW_MILLIS = 2_500;

    private final URI upstream;
    private final ServerSocket server;
    private volatile Fault fault = Fault.NONE;
    private volatile String operation;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Breaks the next {@code times} calls of {@code operation} (all operations when null; for good when times < 0). */
    void inject(Fault fault, String operation, int times) {
        this.operation = operation;
        this.remaining.set(times);
        this.fault = fault;
    }

    /** How many calls have been broken. */
    int injected() {
        return injected.get();
    }

    /** How many calls have reached the proxy, broken or not: each attempt the client made. */
    int attempts() {
        return attempts.get();
    }

    private Fault faultFor(String target) {
        Fault current = fault;
        if (current == Fault.NONE || (operation != null && !target.endsWith("." + operation))) {
            return Fault.NONE;
        }
        if (remaining.get() >= 0 && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) <= 0) {
            return Fault.NONE;
        }
        injected.incrementAndGet();
        return current;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread worker = new Thread(() -> serve(client), "fault-proxy-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            byte[] body = in.readNBytes(contentLength(headText));
            attempts.incrementAndGet();
            Fault what = faultFor(header(headText, "x-amz-target"));
            if (what == Fault.RESET_BEFORE) {
                reset(client);
                return;
            }
            if (what == Fault.THROTTLE) {
                byte[] error = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                        + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}").getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "x-amzn-ErrorType: ThrottlingException\r\nContent-Length: " + error.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(error);
                out.flush();
                return;
            }
            byte[] response = forward(head, body);
            if (what == Fault.RESET_AFTER) {
                reset(client);
                return;
            }
            if (what == Fault.SLOW) {
                Thread.sleep(SLOW_MILLIS);
            }
            client.getOutputStream().write(response);
            client.getOutputStream().flush();
        } catch (IOException | InterruptedException e) {
            // the client gave up (an attempt timeout, say): nothing to answer
        }
    }

    /** Sends the call to the emulator and returns its whole answer, marked to close the connection. */
    private byte[] forward(byte[] head, byte[] body) throws IOException {
        try (Socket emulator = new Socket(upstream.getHost(), upstream.getPort())) {
            emulator.getOutputStream().write(head);
            emulator.getOutputStream().write(body);
            emulator.getOutputStream().flush();
            InputStream in = emulator.getInputStream();
            String responseHead = new String(readHead(in), StandardCharsets.ISO_8859_1);
            byte[] responseBody = in.readNBytes(contentLength(responseHead));
            StringBuilder rewritten = new StringBuilder();
            for (String line : responseHead.split("\r\n")) {
                if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    rewritten.append(line).append("\r\n");
                }
            }
            rewritten.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(responseBody);
            return out.toByteArray();
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0); // close with RST: the client sees "connection reset"
        socket.close();
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        String value = header(head, "content-length");
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
