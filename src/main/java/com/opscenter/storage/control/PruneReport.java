package com.opscenter.storage.control;

import java.util.List;

/** What a prune removed (or, in a dry run, would remove) and the bytes it actually freed. */
public record PruneReport(List<String> removed, long freedBytes) {

    public PruneReport {
        removed = List.copyOf(removed);
    }
}
