/**
 * Observability: Prometheus metrics of backups, restores, the scheduler and storage, served by mpMetrics at
 * {@code /metrics}. Counters observe the backup events; gauges read catalogs and caches, never walk a volume.
 */
package com.opscenter.metrics;
