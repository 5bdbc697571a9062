package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the backup feature needs from off-site storage, implemented by the cloud feature: the state of each
 * backup's copy, and fetching a backup that exists only off-site back into the local catalog.
 */
public interface OffsiteCopies {

    record State(
            String state,
            String error,
            long bytesUploaded,
            long bytesTotal,
            int attempts,
            Instant uploadedAt,
            Instant nextAttemptAt) {

        public static final State NOT_UPLOADED = new State("not_uploaded", null, 0, 0, 0, null, null);
    }

    /** A backup's copy on one named target (several cloud targets); {@link #states()} describes the first. */
    record TargetState(String target, State state) {}

    /** A backup fetched from off-site storage, and the target that served it. */
    record Fetched(Backup backup, String target) {}

    /** By backup id; a backup missing from the map has no copy. */
    Map<String, State> states();

    /** Only those of the given backups, for one page of the list; the same map as {@link #states()} otherwise. */
    default Map<String, State> states(Collection<String> backupIds) {
        var all = states();
        var some = new HashMap<String, State>();
        backupIds.forEach(id -> {
            if (all.containsKey(id)) {
                some.put(id, all.get(id));
            }
        });
        return some;
    }

    default State state(String backupId) {
        return states(List.of(backupId)).getOrDefault(backupId, State.NOT_UPLOADED);
    }

    /**
     * Every configured target's state of each of the given backups, in target order; empty while off-site
     * storage is off.
     */
    default Map<String, List<TargetState>> targetStates(Collection<String> backupIds) {
        return Map.of();
    }

    /**
     * Downloads a backup held only off-site (or whose local archive is missing), verifies it and catalogues it.
     * Empty when off-site storage is off or holds no such backup.
     */
    Optional<Fetched> fetch(String backupId);
}
