package io.meterline.cost.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;


import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.meterline.common.kafka.SendAll;
import io.meterline.cost.service.Downstream;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes usage-priced, wallet-alerts and dead letters (key = customer_id, or the original key), waiting for
 * the broker's acknowledgement of every record (acks=all).
 *
 * <p>usage-priced and wallet-alerts carry a whole batch at a time (thousands of records), so they are handed to
 * the channel's Kafka producer in ONE task on its sending thread, with one callback per record and one future
 * for the batch; going through the emitter instead costs a context-propagating pipeline step per record and
 * blocked the event loop for seconds per batch. The emitters still declare (and configure) the channels, and
 * carry the rare dead letters. They buffer without bound on purpose: a caller sends at most one consumed
 * batch's worth and waits for the acks before sending more.
 */
@ApplicationScoped
public class KafkaDownstream implements Downstream {

    private final MutinyEmitter<String> deadLetters;
    private final ObjectMapper mapper;
    private final KafkaClientService clients;
    private final String pricedTopic;
    private final String alertsTopic;

    /** The usage-priced and wallet-alerts emitters are injected only so that their channels (and producers) exist. */
    public KafkaDownstream(
            @Channel("usage-priced-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> priced,
            @Channel("wallet-alerts-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> alerts,
            @Channel("usage-events-dlq-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> deadLetters,
            ObjectMapper mapper, KafkaClientService clients,
            @ConfigProperty(name = "meterline.topics.usage-priced") String pricedTopic,
            @ConfigProperty(name = "meterline.topics.wallet-alerts") String alertsTopic) {
        this.clients = clients;
        this.pricedTopic = pricedTopic;
        this.alertsTopic = alertsTopic;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
    }

    @Override
    public Uni<Void> publish(List<UsagePricedV1> pricedRecords, List<WalletAlertV1> alertRecords) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(pricedRecords.size());
        for (UsagePricedV1 record : pricedRecords) {
            records.add(new ProducerRecord<>(pricedTopic, record.customerId(), utf8Json(record)));
        }
        List<ProducerRecord<String, String>> alerts = new ArrayList<>(alertRecords.size());
        for (WalletAlertV1 alert : alertRecords) {
            alerts.add(new ProducerRecord<>(alertsTopic, alert.customerId(), json(alert)));
        }
        return Uni.combine().all().unis(sendAll("usage-priced-out", records), sendAll("wallet-alerts-out", alerts))
                .discardItems();
    }

    /** Sends every record from the producer's own thread; completes when the broker acked all, fails on the first error. */
    private <V> Uni<Void> sendAll(String channel, List<ProducerRecord<String, V>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaProducer<String, V> producer = clients.getProducer(channel);
        return producer.runOnSendingThread(kafka -> { return SendAll.sendAll(kafka, records); })
                .chain(acked -> Uni.createFrom().completionStage(acked));
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

    /** usage-priced values go out as the JSON's UTF-8 bytes (the same bytes a String serializer would send). */
    private byte[] utf8Json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private String json(Object value) {
        return new String(utf8Json(value), StandardCharsets.UTF_8);
    }
}
