package io.meterline.ingest.settings;

import java.math.BigDecimal;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The one row of {@code billing_settings} (migration V13). */
@ApplicationScoped
public class BillingSettingsRepository {

    public Uni<BillingSettingsView> find(SqlClient sql) {
        return sql.query("SELECT credits_per_usd, updated_at FROM billing_settings").execute()
                .map(rows -> view(rows.iterator().next()));
    }

    public Uni<BillingSettingsView> update(SqlClient sql, BigDecimal creditsPerUsd) {
        return sql.preparedQuery("""
                UPDATE billing_settings SET credits_per_usd = $1, updated_at = now() RETURNING credits_per_usd, updated_at
                """).execute(Tuple.of(creditsPerUsd)).map(rows -> view(rows.iterator().next()));
    }

    private static BillingSettingsView view(Row row) {
        return new BillingSettingsView(row.getBigDecimal("credits_per_usd"),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
