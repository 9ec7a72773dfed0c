package io.meterline.cost.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.meterline.cost.repository.BurnRow;
import io.meterline.cost.repository.RerateSettlement;
import io.meterline.cost.repository.StoredUsage;
import io.meterline.cost.repository.UsageRow;

/** The arithmetic shared by batch billing and re-pricing: who pays, how much, and what is published. */
final class Burns {

    private Burns() {
    }

    /** Customers with at least one priced row, in first-seen order: each gets one ledger id. */
    static List<String> payers(Collection<UsageEventV1> events, Collection<Price> prices) {
        Map<String, Boolean> payers = new LinkedHashMap<>();
        var e = events.iterator();
        var p = prices.iterator();
        while (e.hasNext()) {
            UsageEventV1 event = e.next();
            if (p.next().priced()) {
                payers.put(event.customerId(), Boolean.TRUE);
            }
        }
        return new ArrayList<>(payers.keySet());
    }

    static Map<String, Long> ledgerIds(List<String> payers, long[] ids) {
        Map<String, Long> byCustomer = new HashMap<>(payers.size() * 2);
        for (int i = 0; i < payers.size(); i++) {
            byCustomer.put(payers.get(i), ids[i]);
        }
        return byCustomer;
    }

    static List<WalletAlertV1> alerts(Collection<BurnRow> burns) {
        List<WalletAlertV1> alerts = new ArrayList<>();
        for (BurnRow burn : burns) {
            alerts.addAll(Alerts.crossings(burn.customerId(), burn.ledgerTxId(), burn.balanceBefore(),
                    burn.balanceAfter(), burn.threshold(), burn.createdAt()));
        }
        return alerts;
    }

    static UsagePricedV1 priced(UsageEventV1 e, Price price, Long ledgerTxId, BigDecimal balanceAfter,
            boolean repriced) {
        return record(e, price.status(), price.costUsd(), price.credits(), price.priced() ? price.rateIds() : null,
                ledgerTxId, balanceAfter, repriced);
    }

    static UsagePricedV1 stored(UsageEventV1 e, StoredUsage stored) {
        return stored(e, stored, false);
    }

    static UsagePricedV1 stored(UsageEventV1 e, StoredUsage stored, boolean repriced) {
        BurnRow burn = stored.burn();
        return record(e, stored.status(), stored.costUsd(), stored.credits(),
                "PRICED".equals(stored.status()) ? stored.rateIds() : null, burn == null ? null : burn.ledgerTxId(),
                burn == null ? null : burn.balanceAfter(), repriced);
    }

    /** The record of one event a re-rating job changed: its new price and its wallet's RERATE row. */
    static UsagePricedV1 rerated(RerateSettlement.Unpublished item) {
        UsageEventV1 e = item.event();
        return new UsagePricedV1(UsagePricedV1.SCHEMA_VERSION, e.eventId(), e.customerId(), e.dedupKey(),
                e.eventType(), e.featureId(), e.provider(), e.model(), e.inputTokens(), e.cachedInputTokens(),
                e.cacheWriteTokens(), e.outputTokens(), e.quantity(), e.unit(), e.timestamp(), e.userId(),
                e.teamId(), e.batchId(), "PRICED", item.costUsd(), item.credits(), item.rateIds(), item.ledgerTxId(),
                item.balanceAfter(), false, item.jobId(), item.previousCredits());
    }

    private static UsagePricedV1 record(UsageEventV1 e, String status, BigDecimal cost, BigDecimal credits,
            long[] rateIds, Long ledgerTxId, BigDecimal balanceAfter, boolean repriced) {
        return new UsagePricedV1(UsagePricedV1.SCHEMA_VERSION, e.eventId(), e.customerId(), e.dedupKey(),
                e.eventType(), e.featureId(), e.provider(), e.model(), e.inputTokens(), e.cachedInputTokens(),
                e.cacheWriteTokens(), e.outputTokens(), e.quantity(), e.unit(), e.timestamp(), e.userId(),
                e.teamId(), e.batchId(), status, cost, credits, rateIds, ledgerTxId, balanceAfter, repriced, null, null);
    }
}
