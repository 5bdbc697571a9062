package com.opscenter.backups.control;

import com.opscenter.archive.format.ArchiveFormat;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Issues backup ids of the form {@code backup-YYYYMMDD-HHMMSS} (in the clock's zone), adding {@code -2},
 * {@code -3}, ... when that id is taken, so two backups started in the same second get different ids.
 * Thread-safe; it also remembers the ids it issued in the current second, because the caller may not have
 * stored the first one yet when the second is asked for.
 */
public final class BackupIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd-HHmmss");

    private final Clock clock;
    private String issuedSecond = "";
    private final Set<String> issuedThisSecond = new HashSet<>();

    public BackupIds(Clock clock) {
        this.clock = clock;
    }

    /** A new id not accepted by {@code exists} and not issued before in this second. */
    public synchronized String next(Predicate<String> exists) {
        String base = LocalDateTime.now(clock).format(FORMAT);
        if (!base.equals(issuedSecond)) {
            issuedSecond = base;
            issuedThisSecond.clear();
        }
        String id = base;
        for (int n = 2; issuedThisSecond.contains(id) || exists.test(id); n++) {
            id = base + "-" + n;
        }
        issuedThisSecond.add(id);
        return id;
    }

    /** Whether {@code id} has the shape of an id this class issues; ids become file names, so check them. */
    public static boolean isValid(String id) {
        return ArchiveFormat.isValidId(id);
    }
}
