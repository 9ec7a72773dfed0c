package io.meterline.aggregation.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Node.js receiver of src/test/node/webhook-receiver, which verifies every delivery with the official Standard
 * Webhooks library (npm standardwebhooks). Tests using it are skipped, saying so, only when node is not installed;
 * its dependency is installed from package-lock.json (npm ci) when missing.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final Path DIR = Path.of("src/test/node/webhook-receiver").toAbsolutePath();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One verification by the official library of one delivery. */
    record Received(String path, String id, String timestamp, String signature, String type, String body,
            List<Boolean> verified, List<String> errors) {
    }

    private WebhookReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static WebhookReceiver start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("node"), "SKIPPED: node is not installed, so the official Standard Webhooks "
                + "verifier (npm standardwebhooks) cannot run; install Node.js (apt-get install nodejs npm)");
        if (!Files.exists(DIR.resolve("node_modules/standardwebhooks/package.json"))) {
            Process install = new ProcessBuilder("bash", DIR.resolve("install.sh").toString()).inheritIO().start();
            assertEquals(0, install.waitFor(), "npm ci of the webhook receiver failed (see the output above)");
        }
        Process process = new ProcessBuilder("node", "receiver.js").directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("LISTENING "), "receiver did not start: " + line);
        return new WebhookReceiver(process, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The path verifies with each of these secrets and answers these statuses in turn (the last one repeats). */
    void setup(String path, List<String> secrets, List<Integer> statuses) throws IOException, InterruptedException {
        String body = new JsonObject().put("path", path).put("secrets", new JsonArray(new ArrayList<>(secrets)))
                .put("statuses", new JsonArray(new ArrayList<>(statuses))).encode();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url("/_setup")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
    }

    /** What was received on the path, in arrival order. */
    List<Received> received(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url("/_log"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<Received> list = new ArrayList<>();
        for (Object item : new JsonArray(answer.body())) {
            JsonObject r = (JsonObject) item;
            if (path.equals(r.getString("path"))) {
                List<Boolean> verified = new ArrayList<>();
                r.getJsonArray("verified").forEach(v -> verified.add((Boolean) v));
                List<String> errors = new ArrayList<>();
                r.getJsonArray("errors").forEach(e -> errors.add((String) e));
                list.add(new Received(r.getString("path"), r.getString("id"), r.getString("timestamp"),
                        r.getString("signature"), r.getString("type"), r.getString("body"), verified, errors));
            }
        }
        return list;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
