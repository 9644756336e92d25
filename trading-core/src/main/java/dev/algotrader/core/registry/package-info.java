/**
 * Reading the model registry the Researcher writes, once for every module: the local MLflow
 * file-store layout ({@link dev.algotrader.core.registry.LocalRegistryReader}) or an MLflow server
 * ({@link dev.algotrader.core.registry.RestRegistryReader}, credentials and TLS from {@link
 * dev.algotrader.core.mlflow.MlflowEndpoint}). The trader's champion source and the Researcher's
 * tracking stores both read through these; writing stays with the Researcher ({@code ml.tracking}).
 * Invariant: a failure is a {@link dev.algotrader.core.registry.RegistryException} with a one-line
 * message that never contains credentials.
 */
package dev.algotrader.core.registry;
