package io.meterline.loadgen.ops;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each credit operation ended as, one line each, {@code kind<TAB>customer<TAB>id<TAB>code<TAB>status<TAB>
 * attempts} (code as in {@link RetryingCall.Result#code()}; status -1: no answer), for a chaos run to compare with
 * Postgres; the events that settle reservations also go, as {@code loadgen --outcomes} writes them, to a second
 * file. Thread-safe.
 */
final class OpsLog implements AutoCloseable {

    private final BufferedWriter out;
    private final BufferedWriter events;
    /** kind -> counts of A, R, U. */
    private final Map<String, long[]> counts = new TreeMap<>();

    OpsLog(Path outcomes, Path eventsFile) throws IOException {
        this.out = Files.newBufferedWriter(outcomes, StandardCharsets.UTF_8);
        this.events = eventsFile == null ? null : Files.newBufferedWriter(eventsFile, StandardCharsets.UTF_8);
    }

    synchronized void write(String kind, String customer, String id, char code, RetryingCall.Result result) {
        counts.computeIfAbsent(kind, k -> new long[3])["ARU".indexOf(code)]++;
        line(out, kind + '\t' + customer + '\t' + id + '\t' + code + '\t' + result.answer().status() + '\t'
                + result.attempts());
    }

    synchronized void event(char code, String customer, String eventId) {
        if (events != null) {
            line(events, code + "\t" + customer + '\t' + eventId);
        }
    }

    /** One line per kind: {@code OPS kind=charge sent=N acked=N refused=N unknown=N}. */
    synchronized String summary() {
        StringBuilder text = new StringBuilder();
        counts.forEach((kind, c) -> text.append(String.format("OPS kind=%s sent=%d acked=%d refused=%d unknown=%d%n",
                kind, c[0] + c[1] + c[2], c[0], c[1], c[2])));
        return text.toString();
    }

    private static void line(BufferedWriter writer, String line) {
        try {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
        if (events != null) {
            events.close();
        }
    }
}
