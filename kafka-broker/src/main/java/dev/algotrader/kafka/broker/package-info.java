/**
 * An embedded single-node Kafka (KRaft: broker and controller in one process) for tests and the a
 * later paper-kafka demo. {@link dev.algotrader.kafka.broker.EmbeddedKafka} (JDK only) starts
 * {@link dev.algotrader.kafka.broker.BrokerMain} in a child JVM on 127.0.0.1 with free ports and a
 * log folder of its own, on the broker's own class path (Scala 2.13), so it runs beside Spark's
 * Scala 2.12. The child stops when its parent closes its standard input, or dies.
 */
package dev.algotrader.kafka.broker;
