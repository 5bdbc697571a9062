package com.opscenter.storage.control;

/** The spec's {@code overall_health}. */
public enum OverallHealth {
    HEALTHY,
    WARNING,
    CRITICAL
}
