package com.opscenter.audit.entity;

public enum AuditOutcome {
    SUCCESS,
    FAILURE,
    DENIED
}
