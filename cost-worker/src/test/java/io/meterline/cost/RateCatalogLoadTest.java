package io.meterline.cost;

import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.cost.service.CostType;
import io.meterline.cost.service.Rate;
import io.meterline.cost.service.RateCatalog;
import io.meterline.cost.service.RateCatalogService;
import io.meterline.testing.MeterlineServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A rate row that cannot be read (stored by SQL behind the admin API's back) is skipped, logged and counted; every
 * other rate stays in the catalogue, so one bad row never stops the pricing of every customer.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RateCatalogLoadTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

    @Inject
    RateCatalogService catalogue;

    @Inject
    MeterRegistry registry;

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "valid_from  | '99999-01-01 00:00:00+00'",
            "valid_from  | 'infinity'",
            "valid_from  | '1999-12-31 23:59:59+00'",
            "valid_until | '99999-01-01 00:00:00+00'",
            "price_usd   | 'NaN'",
            "aliases     | ARRAY[NULL]::text[]"})
    void anUnreadableRowIsSkippedAndTheOthersKept(String column, String value) {
        String provider = unique("load");
        long good = rate(provider, "good", "INPUT_TOKEN", "2.5", 1_000_000, JAN, null);
        List<Long> ids = new ArrayList<>();
        try {
            ids.add(((Number) rows("INSERT INTO provider_rates (provider, model, cost_type, price_usd, valid_from) "
                    + "VALUES (?, 'bad', 'INPUT_TOKEN', 1, '2026-01-01T00:00:00Z') RETURNING id", provider).get(0).get(0))
                    .longValue());
            sql("UPDATE provider_rates SET " + column + " = " + value + " WHERE id = ?", ids.get(0));

            catalogue.requestRefresh();
            await().atMost(Duration.ofSeconds(30)).until(() -> catalogue.current().await().indefinitely().ids()
                    .contains(good));
            RateCatalog loaded = catalogue.current().await().indefinitely();
            assertFalse(loaded.ids().contains(ids.get(0)), "the unreadable row is skipped");
            Rate found = loaded.find(RateCatalog.key(provider, "good"), CostType.INPUT_TOKEN, JAN.plusSeconds(60));
            assertEquals(good, found.id());
            assertNull(loaded.find(RateCatalog.key(provider, "bad"), CostType.INPUT_TOKEN, JAN.plusSeconds(60)));
            assertTrue(registry.get("meterline.cost.rates.unreadable").gauge().value() >= 1);
        } finally {
            ids.forEach(id -> sql("DELETE FROM provider_rates WHERE id = ?", id));
            sql("DELETE FROM provider_rates WHERE id = ?", good);
        }
    }
}
