package dev.algotrader.cli.commands;

import dev.algotrader.core.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka trader's consumer lag per partition of {@code bars.<interval>}: the trader group's
 * committed offsets (committed on each checkpoint) against the log-end offsets, read with Kafka's
 * AdminClient. Every call is bounded by a short timeout, so {@code status} answers in seconds when
 * the broker is down; the answer then carries one line saying so (the cause goes to the log).
 */
final class TraderLag {

    private static final Logger LOG = LoggerFactory.getLogger(TraderLag.class);

    /** How long {@code status} waits for the cluster at most. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private TraderLag() {}

    /**
     * The lag as {@code status} shows it: {@code configured=false} without a cluster; else the
     * group, topic and either {@code partitions} (partition, committed or null, end, lag) with
     * {@code total_lag}, or {@code error} (one line).
     */
    static Map<String, Object> read(
            KafkaSettings kafka, String group, String topic, Duration timeout) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (kafka.bootstrapServers().isEmpty()) {
            out.put("configured", false);
            return out;
        }
        out.put("configured", true);
        out.put("bootstrap_servers", hostsOnly(kafka.bootstrapServers()));
        out.put("group", group);
        out.put("topic", topic);
        Admin admin = null;
        try {
            admin = Admin.create(properties(kafka.bootstrapServers(), timeout));
            // the budget is for the cluster's answers, not the client's class loading
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Map<String, Object>> parts = partitions(admin, group, topic, deadline);
            out.put("partitions", parts);
            out.put("total_lag", parts.stream().mapToLong(p -> (Long) p.get("lag")).sum());
        } catch (UnknownTopicOrPartitionException e) {
            out.put(
                    "error",
                    "topic " + topic + " does not exist yet (run 'algo-trader bars-feed')");
        } catch (java.util.concurrent.TimeoutException | KafkaException e) {
            LOG.warn("consumer lag of {} on {}: {}", group, topic, e.toString(), e);
            out.put("error", unreachable(out, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("error", unreachable(out, timeout));
        } finally {
            if (admin != null) admin.close(Duration.ofMillis(500));
        }
        return out;
    }

    private static String unreachable(Map<String, Object> out, Duration timeout) {
        return "Kafka unreachable at "
                + out.get("bootstrap_servers")
                + " (no answer within "
                + timeout.toSeconds()
                + " s); lag unknown";
    }

    private static List<Map<String, Object>> partitions(
            Admin admin, String group, String topic, long deadline)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        TopicDescription d =
                get(admin.describeTopics(List.of(topic)).allTopicNames(), deadline).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        d.partitions()
                .forEach(
                        p ->
                                latest.put(
                                        new TopicPartition(topic, p.partition()),
                                        OffsetSpec.latest()));
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        latest.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
        // the three requests in flight at once; read_committed ends: what the trader can reach,
        // the earliest offsets: where it starts when its group has no committed offset yet
        var committedF = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
        var endsF =
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all();
        var startsF = admin.listOffsets(earliest).all();
        Map<TopicPartition, OffsetAndMetadata> committed = get(committedF, deadline);
        Map<TopicPartition, ListOffsetsResultInfo> ends = get(endsF, deadline);
        Map<TopicPartition, ListOffsetsResultInfo> starts = get(startsF, deadline);
        List<Map<String, Object>> rows = new ArrayList<>();
        latest.keySet().stream()
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .forEach(
                        tp -> {
                            long end = ends.get(tp).offset();
                            OffsetAndMetadata c = committed.get(tp);
                            long from = c != null ? c.offset() : starts.get(tp).offset();
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("partition", tp.partition());
                            m.put("committed", c == null ? null : c.offset());
                            m.put("end", end);
                            m.put("lag", Math.max(0, end - from));
                            rows.add(m);
                        });
        return rows;
    }

    /** The future's value within what is left of the deadline; its failure cause rethrown. */
    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f, long deadline)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long left = Math.max(1, deadline - System.nanoTime());
        try {
            return f.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) throw k;
            throw new KafkaException(e.getCause());
        }
    }

    private static Properties properties(String servers, Duration timeout) {
        int ms = (int) timeout.toMillis();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "algo-trader-status");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2000L);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L);
        p.put(AdminClientConfig.RETRIES_CONFIG, 2);
        return p;
    }

    /** {@code host:port} entries without anything before an {@code @} (no credentials shown). */
    static String hostsOnly(String servers) {
        List<String> hosts = new ArrayList<>();
        for (String s : servers.split(",")) {
            String h = s.trim();
            int at = h.lastIndexOf('@');
            hosts.add(at >= 0 ? h.substring(at + 1) : h);
        }
        return String.join(",", hosts);
    }

    /** The lines {@code status} prints (none without a cluster). */
    @SuppressWarnings("unchecked")
    static List<String> lines(Map<String, Object> lag) {
        if (!Boolean.TRUE.equals(lag.get("configured"))) return List.of();
        List<String> lines = new ArrayList<>();
        String head =
                "trader lag on Kafka (group " + lag.get("group") + ", topic " + lag.get("topic");
        if (lag.containsKey("error")) {
            lines.add(head + "): " + lag.get("error"));
            return lines;
        }
        lines.add(head + "): " + lag.get("total_lag") + " bars behind");
        for (Map<String, Object> p : (List<Map<String, Object>>) lag.get("partitions")) {
            lines.add(
                    "  partition "
                            + p.get("partition")
                            + ": committed "
                            + (p.get("committed") == null ? "none" : p.get("committed"))
                            + ", end "
                            + p.get("end")
                            + ", lag "
                            + p.get("lag"));
        }
        return lines;
    }
}
