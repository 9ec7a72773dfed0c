package io.meterline.cost.messaging;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.meterline.cost.service.Downstream;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes usage-priced, wallet-alerts and dead letters (key = customer_id, or the original key), waiting for
 * the broker's acknowledgement of every record (acks=all). The emitters buffer without bound on purpose: a
 * caller sends at most one consumed batch's worth and waits for the acks before sending more.
 */
@ApplicationScoped
public class KafkaDownstream implements Downstream {

    private final MutinyEmitter<String> priced;
    private final MutinyEmitter<String> alerts;
    private final MutinyEmitter<String> deadLetters;
    private final ObjectMapper mapper;

    public KafkaDownstream(
            @Channel("usage-priced-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> priced,
            @Channel("wallet-alerts-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> alerts,
            @Channel("usage-events-dlq-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> deadLetters,
            ObjectMapper mapper) {
        this.priced = priced;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
    }

    @Override
    public Uni<Void> publish(List<UsagePricedV1> pricedRecords, List<WalletAlertV1> alertRecords) {
        List<Uni<Void>> acks = new ArrayList<>(pricedRecords.size() + alertRecords.size());
        for (UsagePricedV1 record : pricedRecords) {
            acks.add(priced.sendMessage(KafkaRecord.of(record.customerId(), json(record))));
        }
        for (WalletAlertV1 alert : alertRecords) {
            acks.add(alerts.sendMessage(KafkaRecord.of(alert.customerId(), json(alert))));
        }
        return all(acks);
    }

    /** Dead letters carry the reason and origin both in the JSON envelope and in headers. */
    public Uni<Void> deadLetter(List<DeadLetter> letters) {
        List<Uni<Void>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            acks.add(deadLetters.sendMessage(KafkaRecord.of(letter.key(), json(letter))
                    .withHeader("dead-letter-reason", letter.reason())
                    .withHeader("dead-letter-topic", letter.topic())
                    .withHeader("dead-letter-partition", Integer.toString(letter.partition()))
                    .withHeader("dead-letter-offset", Long.toString(letter.offset()))));
        }
        return all(acks);
    }

    private static Uni<Void> all(List<Uni<Void>> acks) {
        return acks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
