package io.meterline.cost.service;

import java.util.ArrayList;
import java.util.List;

import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;

/**
 * What a committed batch has to publish: one usage-priced record per stored event (new or already stored),
 * the wallet alerts of its burns, and the events rejected (by index into the batch) with the reason.
 */
public record Billed(List<UsagePricedV1> priced, List<WalletAlertV1> alerts, List<Rejected> rejected) {

    /** An event of the batch that is dead-lettered instead of stored. */
    public record Rejected(int index, String reason) {
    }

    public static Billed rejectedOnly(int index, String reason) {
        return new Billed(List.of(), List.of(), List.of(new Rejected(index, reason)));
    }

    /** This result with its rejected indexes moved by {@code offset} (results of sub-batches). */
    public Billed shifted(int offset) {
        return new Billed(priced, alerts, rejected.stream().map(r -> new Rejected(r.index() + offset, r.reason()))
                .toList());
    }

    public static Billed merge(List<Billed> parts) {
        List<UsagePricedV1> priced = new ArrayList<>();
        List<WalletAlertV1> alerts = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Billed part : parts) {
            priced.addAll(part.priced());
            alerts.addAll(part.alerts());
            rejected.addAll(part.rejected());
        }
        return new Billed(priced, alerts, rejected);
    }
}
