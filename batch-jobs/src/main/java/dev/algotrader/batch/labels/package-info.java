/**
 * Labels job: {@code silver/bars} → {@code gold/labels} with trading-core's {@link
 * dev.algotrader.core.labels.Labeler}, per symbol in time order. The horizon ({@code
 * algotrader.labels.horizon}) is converted to bars of each series' interval; bars without a bar
 * exactly at their horizon get no label. Column {@code label} is the class index DOWN=0, FLAT=1,
 * UP=2 ({@code direction} holds the name).
 */
package dev.algotrader.batch.labels;
