package com.opscenter.audit.boundary;

import java.util.List;

public record AuditPage(long total, int offset, int limit, List<AuditEntryResponse> entries) {

    /**
     * Only as much as equal pages must share. JSON-B (Yasson) puts every object it writes into a hash set, to
     * detect cycles, and the generated hash of a record walks everything below it: the whole page, again for each
     * write.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(total, offset, limit, entries == null ? 0 : entries.size());
    }
}
