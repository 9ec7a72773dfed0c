package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;
import static io.meterline.cost.CostFixtures.status;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Settling reservations by usage events, over real Kafka and Postgres: the first event naming an OPEN reservation
 * settles it in the burn's transaction (settled_amount = its credits, the hold leaves held); a redelivered event and
 * a second event naming it bill as usual and settle nothing; metered usage overdraws a HARD wallet.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationSettleTest {

    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass();

    @Test
    void theFirstEventNamingAnOpenReservationSettlesItOnce() {
        String model = unique("settle-m");
        rate("openai", model, "INPUT_TOKEN", "1", 1_000, MAR.minusSeconds(86_400), null);
        // 100 credits, multiplier 1: 21 input tokens at 1 USD per 1000 = 0.021 USD = 21 credits
        String customer = customer("settle", "100", "0", "1");
        sql("UPDATE wallets SET spend_mode = 'HARD' WHERE customer_id = ?", customer);
        hold(customer, "r1", "80");
        hold(customer, "r-other", "5");

        UsageEventV1 first = event(customer, model, 21, "r1");
        produce(first);
        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, first.eventId())));
        assertEquals(List.of(List.of("SETTLED", new BigDecimal("21.000000000000000000"), "event",
                first.eventId().toString())), reservation(customer, "r1"));
        assertEquals(0, new BigDecimal("5").compareTo(held(customer)), "only r-other is held");
        assertEquals(0, new BigDecimal("79").compareTo(balance(customer)));

        // the same event again (a redelivery) and a second one naming r1: billed once / as usual, r1 unchanged;
        // a third event of 90 credits overdraws the HARD wallet: metered usage is never refused
        UsageEventV1 second = event(customer, model, 21, "r1");
        UsageEventV1 big = event(customer, model, 90, "unknown-reservation");
        produce(first, second, big);
        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, second.eventId()))
                && "PRICED".equals(status(customer, big.eventId())));
        assertEquals(1, count("SELECT count(*) FROM usage_events WHERE customer_id = ? AND event_id = ?", customer,
                first.eventId()));
        assertEquals(List.of(List.of("SETTLED", new BigDecimal("21.000000000000000000"), "event",
                first.eventId().toString())), reservation(customer, "r1"));
        assertEquals(0, new BigDecimal("-32").compareTo(balance(customer)));
        assertEquals(0, new BigDecimal("5").compareTo(held(customer)));
        assertEquals(List.of(List.of("OPEN")), rows("""
                SELECT status FROM reservations WHERE customer_id = ? AND reservation_id = 'r-other'""", customer));
        Audit.assertClean(customer);
    }

    private static UsageEventV1 event(String customer, String model, long input, String reservationId) {
        return new UsageEventV1(1, UUID.randomUUID(), customer, EventType.TOKEN_USAGE, "chat", "openai", model, input,
                0, 0, 0, null, null, MAR, null, null, null, null, UUID.randomUUID(), Instant.now(), reservationId);
    }

    private static void hold(String customer, String reservationId, String estimate) {
        assertEquals("CREATED", rows("SELECT outcome FROM ledger_hold(?, ?, ?::numeric, NULL, NULL, 300)", customer,
                reservationId, estimate).get(0).get(0));
    }

    private static List<List<Object>> reservation(String customer, String reservationId) {
        return rows("""
                SELECT status, settled_amount, settled_kind, settled_id FROM reservations
                WHERE customer_id = ? AND reservation_id = ?""", customer, reservationId);
    }

    private static BigDecimal held(String customer) {
        return (BigDecimal) rows("SELECT held FROM wallets WHERE customer_id = ?", customer).get(0).get(0);
    }

    private static void produce(UsageEventV1... events) {
        kafka.produceStrings().fromRecords(Arrays.stream(events)
                .map(e -> new ProducerRecord<>(MeterlineServices.topic("usage-events"), e.customerId(), json(e)))
                .toList()).awaitCompletion();
    }
}
