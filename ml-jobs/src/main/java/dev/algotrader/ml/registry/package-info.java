/**
 * Registration of model versions, the automatic promotion rule (beat the current champion on the
 * same holdout by the configured metric and margin), manual promotion and listing. Invariant: every
 * alias move and every declined promotion is an audit event and a version tag.
 */
package dev.algotrader.ml.registry;
