package io.meterline.loadgen.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.loadgen.client.Answer;

/** Blocking HTTP/1.1 calls to the ingestion API: admin ones with the token, customer ones with an API key. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminToken;

    Http(URI url, String adminToken) {
        this.base = url.toString().replaceAll("/$", "");
        this.adminToken = adminToken;
    }

    Answer admin(String method, String path, Object body) {
        return send(method, path, "Authorization", "Bearer " + adminToken, body == null ? null : json(body));
    }

    /** The answer's JSON when its status is one of {@code expected}; IllegalStateException otherwise. */
    JsonNode adminOk(String method, String path, Object body, int... expected) {
        Answer answer = admin(method, path, body);
        for (int status : expected) {
            if (answer.status() == status) {
                return read(answer);
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ": "
                + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    Answer customer(String method, String path, String apiKey, byte[] body) {
        return send(method, path, "X-Api-Key", apiKey, body);
    }

    private Answer send(String method, String path, String header, String value, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header(header, value).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), -1);
        } catch (IOException e) {
            return Answer.none();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none();
        }
    }

    static JsonNode read(Answer answer) {
        try {
            return MAPPER.readTree(answer.body());
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }

    private static byte[] json(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
