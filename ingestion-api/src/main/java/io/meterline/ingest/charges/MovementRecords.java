package io.meterline.ingest.charges;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.meterline.common.event.WalletMovementV1;
import io.meterline.common.ledger.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;

/** The wallet-movements record of a charge or refund, as the JSON the outbox stores and the drain publishes. */
@ApplicationScoped
public class MovementRecords {

    private final ObjectWriter writer;

    public MovementRecords(ObjectMapper mapper) {
        this.writer = mapper.writerFor(WalletMovementV1.class);
    }

    String charge(ChargeRequest request, JsonNode metadata, LedgerEntry entry) {
        return json(new WalletMovementV1(WalletMovementV1.SCHEMA_VERSION, WalletMovementV1.CHARGE, entry.customerId(),
                entry.id(), entry.seq(), entry.amount(), entry.balanceBefore(), entry.balanceAfter(),
                request.requestId(), null, null, null, null, request.featureId(), request.description(), null,
                metadata, entry.createdAt()));
    }

    String refund(String refundId, RefundTarget target, String reason, LedgerEntry entry) {
        UUID eventId = target.isCharge() ? null : target.eventId();
        return json(new WalletMovementV1(WalletMovementV1.SCHEMA_VERSION, WalletMovementV1.REFUND, entry.customerId(),
                entry.id(), entry.seq(), entry.amount(), entry.balanceBefore(), entry.balanceAfter(), null, refundId,
                target.chargeRequestId(), eventId, target.originalLedgerTxId(), target.featureId(), null, reason, null,
                entry.createdAt()));
    }

    private String json(WalletMovementV1 movement) {
        try {
            return writer.writeValueAsString(movement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a wallet movement", e);
        }
    }
}
