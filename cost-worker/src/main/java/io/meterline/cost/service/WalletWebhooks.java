package io.meterline.cost.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.meterline.common.event.WalletAlertV1;
import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.meterline.cost.repository.BurnRow;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The webhooks of wallet alerts: {@code wallet.low_balance} and {@code wallet.depleted}, written to the webhook
 * outbox in the transaction that posts the burns, from the same crossings as the wallet-alerts records
 * ({@link Alerts}). Only BURN rows posted by that transaction count (a redelivered batch's old burns do not), so
 * each crossing is announced once, and a batch that crosses no line costs no statement.
 */
final class WalletWebhooks {

    private WalletWebhooks() {
    }

    static Uni<Integer> enqueue(SqlClient tx, Collection<BurnRow> postedBurns) {
        List<WalletAlertV1> alerts = Burns.alerts(postedBurns);
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<WebhookEvent> events = new ArrayList<>(alerts.size());
        for (WalletAlertV1 alert : alerts) {
            events.add(WebhookEvent.of(alert.customerId(), type(alert), alert.occurredAt(), data(alert)));
        }
        return WebhookOutbox.enqueueAll(tx, events);
    }

    static String type(WalletAlertV1 alert) {
        return WalletAlertV1.LOW_BALANCE.equals(alert.type()) ? WebhookEventTypes.WALLET_LOW_BALANCE
                : WebhookEventTypes.WALLET_DEPLETED;
    }

    static JsonObject data(WalletAlertV1 alert) {
        return new JsonObject()
                .put("customer_id", alert.customerId())
                .put("alert_id", alert.alertId())
                .put("balance_before", alert.balanceBefore().toPlainString())
                .put("balance_after", alert.balanceAfter().toPlainString())
                .put("low_balance_threshold", alert.threshold().toPlainString())
                .put("ledger_tx_id", alert.ledgerTxId())
                .put("occurred_at", alert.occurredAt().toString());
    }
}
