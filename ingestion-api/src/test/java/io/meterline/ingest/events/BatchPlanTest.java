package io.meterline.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterline.common.event.UsageEventV1;

class BatchPlanTest {

    @Test
    void firstCopyWithinABatchCountsAndLaterCopiesAreDuplicates() {
        ObjectNode a = EventValidatorTest.tokens();
        ObjectNode b = EventValidatorTest.tokens();
        b.put("event_id", "11111111-1111-4111-8111-111111111111");
        b.put("idempotency_key", "k1");
        ObjectNode c = EventValidatorTest.tokens();
        c.put("event_id", "22222222-2222-4222-8222-222222222222");
        c.put("idempotency_key", "k1");
        ObjectNode invalid = EventValidatorTest.with("feature_id", null);
        ArrayNode events = EventValidatorTest.MAPPER.createArrayNode().add(a).add(b).add(a.deepCopy()).add(invalid).add(c);

        BatchPlan plan = plan(events);

        assertEquals(List.of(EventValidatorTest.ID, "k1"), plan.candidates().stream().map(UsageEventV1::dedupKey).toList());
        assertEquals(List.of(0, 1), plan.indexes());
        assertEquals(2, plan.duplicates());
        assertEquals(1, plan.errors().size());
        assertEquals(3, plan.errors().get(0).index());
        assertEquals(0, plan.foreignCustomer().size());
    }

    @Test
    void setsForeignCustomerEventsApart() {
        ObjectNode foreign = EventValidatorTest.with("customer_id", "\"globex\"");
        ArrayNode events = EventValidatorTest.MAPPER.createArrayNode().add(EventValidatorTest.tokens()).add(foreign);

        BatchPlan plan = plan(events);

        assertEquals(1, plan.foreignCustomer().size());
        assertEquals(RejectCode.CUSTOMER_MISMATCH, plan.foreignCustomer().get(0).code());
        assertEquals(1, plan.candidates().size());
    }

    private static BatchPlan plan(ArrayNode events) {
        return BatchPlan.of(events, EventValidatorTest.VALIDATOR, "acme", EventValidatorTest.BATCH, EventValidatorTest.NOW);
    }
}
