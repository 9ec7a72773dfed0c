package io.meterline.ingest.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DedupLayoutTest {

    @Test
    void daysAreUtcDaysSinceTheEpoch() {
        assertEquals(0, DedupLayout.day(Instant.parse("1970-01-01T23:59:59.999Z")));
        assertEquals(-1, DedupLayout.day(Instant.parse("1969-12-31T23:59:59Z")), "floor, not truncation");
        assertEquals(20_778, DedupLayout.day(Instant.parse("2026-11-21T00:00:00Z")));
        assertEquals(20_778, DedupLayout.day(Instant.parse("2026-11-21T23:59:59.999999Z")));
    }

    @Test
    void shardsAreStableAndInRange() {
        assertEquals(1, DedupLayout.shard("a"), "String.hashCode of \"a\" is 97");
        assertEquals(DedupLayout.shard("idem-42"), DedupLayout.shard(new String("idem-42")));
        for (int i = 0; i < 1000; i++) {
            int shard = DedupLayout.shard(UUID.randomUUID().toString());
            assertTrue(shard >= 0 && shard < DedupLayout.SHARDS);
        }
        assertEquals("ml:h:cust-1|20778|1", DedupLayout.holderHash("cust-1", "a", Instant.parse("2026-11-21T10:00:00Z")));
    }

    @Test
    void groupedArgsHoldEveryValueOnceUnderItsHashAndMapAnswersBack() {
        List<String> suffixes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String value = i % 3 == 0 ? "idem-" + i : UUID.randomUUID().toString();
            values.add(value);
            suffixes.add(DedupLayout.suffix(20_000 + i % 2, value));
        }

        RedisDeduplicator.Grouped grouped = RedisDeduplicator.Grouped.of(suffixes, values);

        List<String> answerOrder = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        List<String> args = grouped.args();
        for (int a = 0; a < args.size(); ) {
            String suffix = args.get(a);
            int count = Integer.parseInt(args.get(a + 1));
            assertTrue(count > 0 && hashes.add(suffix), "each hash once");
            for (String value : args.subList(a + 2, a + 2 + count)) {
                assertEquals(suffix, suffixes.get(values.indexOf(value)));
                answerOrder.add(value);
            }
            a += 2 + count;
        }
        assertEquals(values.size(), answerOrder.size());
        for (int position = 0; position < answerOrder.size(); position++) {
            assertEquals(values.get(grouped.order()[position]), answerOrder.get(position));
        }
        assertEquals(List.of(), RedisDeduplicator.Grouped.of(List.of(), List.of()).args());
    }
}
