package io.meterline.ingest.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.meterline.common.audit.AuditCheck;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepted events that no cost worker has processed for too long. An event is PENDING while it sits in
 * usage-events beyond its consumer group's committed offset (the worker commits only after its Postgres
 * transaction); this counts, per partition, the records older than the limit that lie beyond that offset.
 * Blocking (Kafka's admin client): call it off the event loop.
 */
@ApplicationScoped
public class KafkaBacklog {

    private static final long TIMEOUT_SECONDS = 10;

    private final String bootstrapServers;

    public KafkaBacklog(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Records of {@code topic} older than {@code maxAge} not yet committed by {@code group}. */
    public AuditCheck stuck(String topic, String group, Duration maxAge, int examples) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        String invariant = "no accepted event waits in Kafka (" + topic + ") unprocessed by group " + group
                + " for longer than " + maxAge;
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic)
                    .partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> young = offsets(admin, partitions,
                    OffsetSpec.forTimestamp(Instant.now().minus(maxAge).toEpochMilli()));
            long stuck = 0;
            List<String> where = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                long from = done != null ? done.offset() : earliest.get(tp).offset();
                long firstYoung = young.get(tp).offset() >= 0 ? young.get(tp).offset() : latest.get(tp).offset();
                long old = Math.max(0, firstYoung - from);
                if (old > 0) {
                    stuck += old;
                    if (where.size() < examples) {
                        where.add(tp + ": " + old + " records from offset " + from);
                    }
                }
            }
            return new AuditCheck("pending_too_old", invariant, stuck, where);
        } catch (ExecutionException | TimeoutException e) {
            return new AuditCheck("pending_too_old", invariant, 1, List.of("Kafka could not be read: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AuditCheck("pending_too_old", invariant, 1, List.of("interrupted"));
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
            OffsetSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
