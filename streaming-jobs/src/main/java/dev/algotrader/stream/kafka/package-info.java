/**
 * The trader on Kafka, attached at the job-graph level: a {@code KafkaSource} on {@code
 * bars.<interval>} (event time from the bar, watermarks per partition, start from the savepoint's
 * offsets, the group's committed offsets or a timestamp) in place of the file replay, and {@code
 * KafkaSink}s at {@code EXACTLY_ONCE} (one transactional id prefix per run and topic, committed on
 * checkpoint) in place of the JSONL files. Records a consumer cannot use go to the {@code
 * dead-letter} topic with a reason and never stop the job. The encoding is shared-schemas' {@code
 * TopicCodec}.
 */
package dev.algotrader.stream.kafka;
