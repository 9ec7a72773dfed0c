package io.meterline.cost.service;

import java.util.List;

import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.smallrye.mutiny.Uni;

/** Where committed results go (Kafka in production); the Uni completes once the broker acknowledged them all. */
public interface Downstream {

    Uni<Void> publish(List<UsagePricedV1> priced, List<WalletAlertV1> alerts);
}
