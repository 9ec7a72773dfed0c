package io.meterline.ingest.dedup;

class InMemoryDeduplicatorTest extends DeduplicatorContract {

    private final InMemoryDeduplicator dedup = new InMemoryDeduplicator(RATE_LIMIT);

    @Override
    protected Deduplicator dedup() {
        return dedup;
    }
}
