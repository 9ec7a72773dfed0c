package io.meterline.loadgen.report;

import io.meterline.loadgen.client.RetryingSender.Delivery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One line per event sent, {@code CODE<TAB>customer_id<TAB>event_id}, after its batch's last answer, so a chaos
 * run can compare what the API promised with what Postgres holds:
 * <ul>
 * <li>{@code A}: acknowledged (accepted, or a duplicate of an event accepted before): must be stored and billed
 * once;</li>
 * <li>{@code R}: refused for good (validation): must not be stored;</li>
 * <li>{@code U}: no definite answer (none, 5xx, 409, 429, still IN_FLIGHT when the retries ended): may be stored
 * or not, never twice.</li>
 * </ul>
 * A copy re-sent by the generator appears once per copy. Thread-safe.
 */
public final class OutcomeLog implements AutoCloseable {

    private final BufferedWriter out;

    public OutcomeLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    public synchronized void write(Delivery delivery) {
        List<String> ids = delivery.batch().eventIds();
        int status = delivery.answer().status();
        boolean answered = status == 200 || status == 202 || status == 409 || status == 422;
        try {
            for (int i = 0; i < ids.size(); i++) {
                out.write(code(answered, delivery, i));
                out.write('\t');
                out.write(delivery.batch().customer().id());
                out.write('\t');
                out.write(ids.get(i));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char code(boolean answered, Delivery delivery, int index) {
        if (!answered || delivery.refusals().inFlight().contains(index)) {
            return 'U';
        }
        return delivery.refusals().refused().contains(index) ? 'R' : 'A';
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
