package io.meterline.loadgen.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StatusAndRerateCheckTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant W0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Pricing PRICING = new Pricing("m-test", Instant.parse("2026-11-01T00:00:00Z"), Setup.PRICES,
            Setup.CORRECTED, W0, W0.plusSeconds(86_400), new BigDecimal("1000"), Map.of("c1", new BigDecimal("1.5")));
    private static final UUID ID = UUID.fromString("0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b");

    private static HostileEvent tokens(String model, String timestamp) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event_id", ID.toString());
        f.put("event_type", "TOKEN_USAGE");
        f.put("provider", HostileGenerator.PROVIDER);
        f.put("model", model);
        f.put("input_tokens", 1000L);
        f.put("cached_input_tokens", 10L);
        f.put("cache_write_tokens", 0L);
        f.put("output_tokens", 200L);
        f.put("timestamp", timestamp);
        return new HostileEvent(f, null, Expect.ACCEPT);
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void theOracleIsExactAndUsesTheCorrectionOnlyInsideTheWindow() {
        HostileEvent inside = tokens("M-TEST", "2026-11-30T18:00:00+05:30");
        // (1000 × 3 + 10 × 0.3 + 200 × 15) / 1e6 USD × 1000 × 1.5 = 9.0045
        assertEquals(0, new BigDecimal("9.0045").compareTo(PRICING.credits("c1", inside, false)));
        // (1000 × 2.5 + 10 × 0.3 + 200 × 12.125) / 1e6 × 1000 × 1.5 = 7.392
        assertEquals(0, new BigDecimal("7.392").compareTo(PRICING.credits("c1", inside, true)));
        HostileEvent before = tokens("m-test", "2026-11-30T11:59:59.999Z");
        assertEquals(PRICING.credits("c1", before, false), PRICING.credits("c1", before, true));
        assertTrue(PRICING.priceable(inside));
        assertTrue(!PRICING.priceable(tokens("other", "2026-11-30T18:00:00Z")));
        assertTrue(!PRICING.priceable(tokens("m-test", "2026-10-30T18:00:00Z")));
    }

    @Test
    void aFollowedEventMustEndDecidedAtTheOraclesCredits() throws Exception {
        Followed first = new Followed("c1", ID, tokens("m-test", "2026-11-30T18:00:00Z"), true);
        Followed later = new Followed("c1", ID, tokens("other", "2026-11-30T18:00:00Z"), false);
        JsonNode priced = json("{\"event_id\":\"" + ID + "\",\"status\":\"PRICED\",\"credits\":\"9.004500000000\"}");
        assertNull(StatusCheck.problem(first, 200, priced, PRICING));
        assertTrue(StatusCheck.problem(first, 200, json("{\"event_id\":\"" + ID + "\",\"status\":\"PRICED\","
                + "\"credits\":\"9.0046\"}"), PRICING).contains("oracle"));
        assertTrue(StatusCheck.problem(first, 200, json("{\"status\":\"PENDING\"}"), PRICING).contains("still PENDING"));
        assertTrue(StatusCheck.problem(first, 404, json("{}"), PRICING).contains("answered 404"));
        assertNull(StatusCheck.problem(later, 404, json("{}"), PRICING));
        assertTrue(StatusCheck.problem(later, 200, json("{\"status\":\"PENDING\"}"), PRICING).contains("PENDING"));
        assertTrue(StatusCheck.problem(later, 200, json("{\"event_id\":\"" + ID + "\",\"status\":\"REJECTED\"}"),
                PRICING).contains("without a reason"));
        assertTrue(StatusCheck.open(first, 200, json("{\"status\":\"UNPRICED\"}"), PRICING));
        assertTrue(!StatusCheck.open(later, 200, json("{\"status\":\"UNPRICED\"}"), PRICING));
        assertTrue(StatusCheck.open(first, 404, json("{}"), PRICING));
        assertTrue(!StatusCheck.open(later, 404, json("{}"), PRICING));
    }

    @Test
    void aJobMustMatchItsEventsItsLedgerRowsAndTheBalances() throws Exception {
        List<RerateCheck.Change> changes = List.of(
                new RerateCheck.Change("c1", "e1", new BigDecimal("10"), new BigDecimal("8")),
                new RerateCheck.Change("c1", "e2", new BigDecimal("5"), new BigDecimal("4.5")),
                new RerateCheck.Change("c2", "e3", new BigDecimal("0"), new BigDecimal("0")));
        JsonNode job = json("{\"id\":\"j\",\"status\":\"SUCCEEDED\",\"rows_examined\":3,\"rows_changed\":2,"
                + "\"rows_unpriceable\":0,\"wallets_settled\":1,\"old_credits\":\"15.0\",\"new_credits\":\"12.5\","
                + "\"credits_difference\":\"-2.5\"}");
        JsonNode row = json("{\"type\":\"RERATE\",\"amount\":\"2.500000\",\"event_count\":2}");
        Map<String, List<JsonNode>> rows = Map.of("c1", List.of(row));
        Map<String, BigDecimal> moves = Map.of("c1", new BigDecimal("2.5"), "c2", BigDecimal.ZERO);
        assertEquals(List.of(), RerateCheck.check(job, changes, rows, moves));
        assertEquals(2, RerateCheck.check(job, changes, rows, Map.of("c1", new BigDecimal("2.4"), "c2",
                BigDecimal.ONE)).size());
        assertEquals(1, RerateCheck.check(job, changes, Map.of(), moves).size());
        JsonNode wrong = json("{\"id\":\"j\",\"status\":\"RUNNING\",\"rows_examined\":2,\"rows_changed\":2,"
                + "\"rows_unpriceable\":0,\"wallets_settled\":1,\"old_credits\":\"15\",\"new_credits\":\"12\","
                + "\"credits_difference\":\"-3\"}");
        assertEquals(4, RerateCheck.check(wrong, changes, rows, moves).size());
    }
}
