/**
 * The Kafka contract: topic names ({@link dev.algotrader.schema.topic.Topic}), record keys, and one
 * compact JSON encoding with a schema version ({@link dev.algotrader.schema.topic.TopicCodec}).
 *
 * <p>Invariants: every value carries {@code "v"} (the schema version); the columns of a trading
 * record are exactly those of its {@code trading/*} table, so a sink can MERGE a decoded value on
 * the table's natural key; a reader refuses a newer major version with a reason instead of
 * guessing. Nothing here depends on a Kafka client: producers and consumers at the edges use these
 * bytes.
 */
package dev.algotrader.schema.topic;
