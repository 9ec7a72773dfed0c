package io.meterline.ingest.customers;

import java.math.BigDecimal;
import java.time.Instant;

import io.meterline.ingest.wallets.WalletRow;
import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code customers} with its wallet (null only for a customer created outside this API). */
public record CustomerRow(String id, String name, String email, BigDecimal priceMultiplier, String timeZone,
        Instant createdAt, WalletRow wallet) {

    public CustomerRow withWallet(WalletRow wallet) {
        return new CustomerRow(id, name, email, priceMultiplier, timeZone, createdAt, wallet);
    }

    static CustomerRow from(Row row, boolean withWallet) {
        WalletRow wallet = withWallet && row.getString("customer_id") != null ? WalletRow.from(row) : null;
        return new CustomerRow(row.getString("id"), row.getString("name"), row.getString("email"),
                row.getBigDecimal("price_multiplier"), row.getString("time_zone"), row.getOffsetDateTime("created_at").toInstant(), wallet);
    }
}
