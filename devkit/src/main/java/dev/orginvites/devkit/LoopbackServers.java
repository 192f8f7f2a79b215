package dev.orginvites.devkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on the loopback interface, as the local API and the emulator's proxy run it. */
public final class LoopbackServers {
    static {
        // Without TCP_NODELAY the server's answers wait on the client's delayed ACK: about 40 ms each on Linux, which
        // made every emulator call of the suite 4 times slower than moto answers it. The server reads this property
        // once, when the first server of the JVM starts, so it is set before any is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackServers() {
    }

    /** A server on {@code port} of the loopback interface (0: a free one), not yet started. */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
