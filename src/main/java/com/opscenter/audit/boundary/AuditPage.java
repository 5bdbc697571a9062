package com.opscenter.audit.boundary;

import java.util.List;

public record AuditPage(long total, int offset, int limit, List<AuditEntryResponse> entries) {}
