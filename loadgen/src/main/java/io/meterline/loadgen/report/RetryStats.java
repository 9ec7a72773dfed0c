package io.meterline.loadgen.report;

import io.meterline.loadgen.client.Answer;
import io.meterline.loadgen.client.RetryingSender;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Every answer, retried ones included: how often a batch was sent again, and the statuses of all attempts. */
public final class RetryStats implements RetryingSender.Listener {

    private final LongAdder retries = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    @Override
    public void answered(Answer answer, boolean willRetry) {
        byStatus.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        if (willRetry) {
            retries.increment();
        }
    }

    /** For scripts: {@code DELIVERY retries=N attempts=S:N,S:N} (status -1: no answer). */
    public String toLine(long openBatches) {
        Map<Integer, Long> sorted = new TreeMap<>();
        byStatus.forEach((status, count) -> sorted.put(status, count.sum()));
        String attempts = sorted.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        return "DELIVERY retries=" + retries.sum() + " open_batches=" + openBatches + " attempts="
                + (attempts.isEmpty() ? "-" : attempts);
    }
}
