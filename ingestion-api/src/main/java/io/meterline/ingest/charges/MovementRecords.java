package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.meterline.common.event.WalletMovementV1;
import io.meterline.common.ledger.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The wallet-movements record of a charge or refund, as the JSON the outbox stores and the drain publishes. A
 * charge's record is stored before its ledger row exists ({@code charge_post}, V34) and completed from that row by
 * the drain ({@link #withLedger}); a refund's is stored whole.
 */
@ApplicationScoped
public class MovementRecords {

    private final ObjectWriter writer;
    private final ObjectReader reader;

    public MovementRecords(ObjectMapper mapper) {
        this.writer = mapper.writerFor(WalletMovementV1.class);
        this.reader = mapper.readerFor(WalletMovementV1.class);
    }

    /** A charge's record without its ledger figures (id, seq, amounts, time): {@link #withLedger} adds them. */
    String charge(String customerId, ChargeRequest request, JsonNode metadata) {
        return json(new WalletMovementV1(WalletMovementV1.SCHEMA_VERSION, WalletMovementV1.CHARGE, customerId, 0, 0,
                null, null, null, request.requestId(), null, null, null, null, request.featureId(),
                request.description(), null, metadata, null));
    }

    /** The stored record with the ledger row's figures: what is published. */
    String withLedger(String record, LedgerFigures ledger) {
        WalletMovementV1 m;
        try {
            m = reader.readValue(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored wallet movement", e);
        }
        return json(new WalletMovementV1(m.schemaVersion(), m.type(), m.customerId(), ledger.id(), ledger.seq(),
                ledger.amount(), ledger.balanceBefore(), ledger.balanceAfter(), m.requestId(), m.refundId(),
                m.chargeRequestId(), m.eventId(), m.originalLedgerTxId(), m.featureId(), m.description(), m.reason(),
                m.metadata(), ledger.createdAt()));
    }

    /** What a wallet-movements record takes from its ledger row. */
    record LedgerFigures(long id, long seq, BigDecimal amount, BigDecimal balanceBefore, BigDecimal balanceAfter,
            Instant createdAt) {
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
