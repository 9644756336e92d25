/**
 * Airflow 2.x stable REST API client and the DAG ids the project ships in {@code airflow-dags/}.
 * Invariants: run ids are chosen client-side so a retried trigger never creates a second run;
 * credentials come from the environment and never reach the audit log.
 */
package dev.algotrader.cli.airflow;
