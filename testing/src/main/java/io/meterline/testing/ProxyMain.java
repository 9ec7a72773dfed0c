package io.meterline.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link TcpProxy} as a process, for {@code scripts/chaos.sh}: named proxies on fixed ports, steered by one-line
 * commands on a control port of 127.0.0.1.
 * <pre>
 * java -cp meterline-testing.jar io.meterline.testing.ProxyMain CONTROL_PORT NAME=LISTEN_PORT:HOST:PORT ...
 * control: "cut NAME" | "resume NAME" | "delay NAME MILLIS" | "ping"  -> "ok" or "error: ..."
 * </pre>
 * Needs nothing but the JDK. A command-line tool: it prints instead of logging.
 */
public final class ProxyMain {

    private ProxyMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ProxyMain CONTROL_PORT NAME=LISTEN_PORT:HOST:PORT ...");
            System.exit(2);
        }
        Map<String, TcpProxy> proxies = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameSpec = args[i].split("=", 2);
            String[] parts = nameSpec[1].split(":");
            proxies.put(nameSpec[0], TcpProxy.start(parts[1], Integer.parseInt(parts[2]), Integer.parseInt(parts[0])));
            System.out.printf("[proxy] %s: 127.0.0.1:%s -> %s:%s%n", nameSpec[0], parts[0], parts[1], parts[2]);
        }
        try (ServerSocket control = new ServerSocket()) {
            control.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
            while (true) {
                try (Socket client = control.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                             StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String line = in.readLine();
                    String answer = line == null ? "error: empty command" : execute(proxies, line.strip());
                    System.out.println("[proxy] " + line + " -> " + answer);
                    out.println(answer);
                } catch (IOException e) {
                    System.out.println("[proxy] control connection failed: " + e.getMessage());
                }
            }
        }
    }

    static String execute(Map<String, TcpProxy> proxies, String command) {
        String[] words = command.split("\\s+");
        if (words.length == 1 && words[0].equals("ping")) {
            return "ok";
        }
        TcpProxy proxy = words.length >= 2 ? proxies.get(words[1]) : null;
        if (proxy == null) {
            return "error: unknown command or proxy: " + command;
        }
        switch (words[0]) {
            case "cut" -> proxy.stop();
            case "resume" -> proxy.resume();
            case "delay" -> {
                if (words.length != 3 || !words[2].matches("\\d{1,7}")) {
                    return "error: delay NAME MILLIS";
                }
                proxy.delay(Duration.ofMillis(Long.parseLong(words[2])));
            }
            default -> {
                return "error: unknown command: " + words[0];
            }
        }
        return "ok";
    }
}
