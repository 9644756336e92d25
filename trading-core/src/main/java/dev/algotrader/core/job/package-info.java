/** Engine-neutral job bookkeeping: the summary every job prints and logs as an audit event. */
package dev.algotrader.core.job;
