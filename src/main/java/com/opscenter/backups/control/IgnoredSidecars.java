package com.opscenter.backups.control;

import static com.opscenter.platform.entity.Columns.clip;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecars in the backup folder that the last catalog rebuild refused (unreadable, or a field that failed its
 * check), so an administrator sees them in the backup list and the backup-location health check, not only in the
 * log. Bounded: the first {@value #SHOWN} reasons, each clipped, and the total count.
 */
@ApplicationScoped
public class IgnoredSidecars {

    static final int SHOWN = 20;
    private static final int REASON_LENGTH = 300;

    private volatile List<String> shown = List.of();
    private volatile int count;

    /** Replaces what the previous rebuild found: the folder is the truth, and it may have been cleaned up. */
    public void report(List<String> reasons) {
        var first = new ArrayList<String>();
        reasons.stream().limit(SHOWN).forEach(r -> first.add(clip(r, REASON_LENGTH)));
        shown = List.copyOf(first);
        count = reasons.size();
    }

    /** At most {@value #SHOWN} reasons; a last line says how many more there were. */
    public List<String> reasons() {
        var reasons = shown;
        var more = count - reasons.size();
        if (more <= 0) {
            return reasons;
        }
        var all = new ArrayList<>(reasons);
        all.add("... and " + more + " more (see the server log)");
        return all;
    }

    public int count() {
        return count;
    }
}
