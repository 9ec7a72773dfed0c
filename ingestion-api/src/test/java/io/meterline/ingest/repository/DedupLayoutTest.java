package io.meterline.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DedupLayoutTest {

    @Test
    void generationsCoverTheDedupWindow() {
        assertEquals(8, new DedupLayout(Duration.ofDays(7)).generations(), "7 days of one-day generations, plus the current one");
        assertEquals(2, new DedupLayout(Duration.ofSeconds(30)).generations(), "a window under a day is its own generation");
        assertEquals(3, new DedupLayout(Duration.ofHours(36)).generations());
    }

    @Test
    void aKeyIsFoundAndKeptForTheWholeWindowWhateverItsArrivalTime() {
        Random random = new Random(7);
        for (Duration ttl : List.of(Duration.ofDays(7), Duration.ofHours(36), Duration.ofMinutes(1), Duration.ofMillis(1))) {
            DedupLayout layout = new DedupLayout(ttl);
            long ttlMillis = ttl.toMillis();
            for (int i = 0; i < 10_000; i++) {
                long written = 1_700_000_000_000L + (random.nextLong() & 0xFFFFFFFFFFL);
                long later = written + (long) (random.nextDouble() * ttlMillis);
                long generation = layout.generation(written);
                long current = layout.generation(later);
                assertTrue(generation <= current && generation > current - layout.generations(),
                        "written at " + written + ", looked up at " + later + " with a TTL of " + ttl);
                assertTrue(layout.expiresAt(generation) >= written + ttlMillis, "the hash outlives the window");
            }
        }
    }

    @Test
    void shardsAreStableAndInRange() {
        assertEquals(1, DedupLayout.shard("a"), "String.hashCode of \"a\" is 97");
        assertEquals(DedupLayout.shard("idem-42"), DedupLayout.shard(new String("idem-42")));
        for (int i = 0; i < 1000; i++) {
            int shard = DedupLayout.shard(UUID.randomUUID().toString());
            assertTrue(shard >= 0 && shard < DedupLayout.SHARDS);
        }
        assertEquals("ml:h:cust-1|19000|1", DedupLayout.holderHash("cust-1", "a", 19000));
    }

    @Test
    void shardedArgsGroupEveryValueOnceAndMapAnswersBack() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            values.add(i % 3 == 0 ? "idem-" + i : UUID.randomUUID().toString());
        }

        RedisDeduplicator.ShardedArgs sharded = RedisDeduplicator.ShardedArgs.of(values);

        List<String> answerOrder = new ArrayList<>();
        Set<Integer> shardsSeen = new HashSet<>();
        List<String> args = sharded.args();
        for (int a = 0; a < args.size(); ) {
            int shard = Integer.parseInt(args.get(a));
            int count = Integer.parseInt(args.get(a + 1));
            assertTrue(count > 0 && shardsSeen.add(shard), "each non-empty shard once");
            for (String value : args.subList(a + 2, a + 2 + count)) {
                assertEquals(shard, DedupLayout.shard(value));
                answerOrder.add(value);
            }
            a += 2 + count;
        }
        assertEquals(values.size(), answerOrder.size());
        for (int position = 0; position < answerOrder.size(); position++) {
            assertEquals(values.get(sharded.order()[position]), answerOrder.get(position));
        }
        assertEquals(List.of(), RedisDeduplicator.ShardedArgs.of(List.of()).args());
    }
}
