package io.meterline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder placed between the application and a real service, to simulate an outage in tests:
 * {@link #stop()} closes the listening socket and every open connection (clients see resets, then refusals);
 * {@link #resume()} listens again on the same port; {@link #delay(Duration)} holds every chunk of bytes that long
 * before forwarding it, in both directions (a slow network or a slow server). Plain threads, for tests and for
 * {@code scripts/chaos.sh} (through {@link ProxyMain}).
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile int port;
    private volatile long delayNanos;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts forwarding from a free local port to {@code host:port}. */
    public static TcpProxy start(String host, int port) {
        return start(host, port, 0);
    }

    /** Starts forwarding from {@code listenPort} (0: a free one) to {@code host:port}. */
    public static TcpProxy start(String host, int port, int listenPort) {
        TcpProxy proxy = new TcpProxy(host, port);
        proxy.listen(listenPort);
        return proxy;
    }

    /** From now on every chunk waits {@code delay} before it is forwarded (zero: none). */
    public void delay(Duration delay) {
        delayNanos = Math.max(0, delay.toNanos());
    }

    public int port() {
        return port;
    }

    /** Simulates the outage: refuses new connections and cuts the open ones. */
    public synchronized void stop() {
        closeQuietly(server);
        server = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Ends the outage: accepts connections again on the same port. */
    public synchronized void resume() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            port = socket.getLocalPort();
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + onPort, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by stop(), or the target refused: the client's connection just ends
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    long delay = delayNanos;
                    if (delay > 0) {
                        LockSupport.parkNanos(delay);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }
}
