package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The backup catalog in a map, for unit tests of the beans above it; records the progress it was given. */
public class InMemoryBackupCatalog extends BackupCatalog {

    private final Map<String, Backup> backups = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> progressWrites = Collections.synchronizedList(new ArrayList<>());

    public InMemoryBackupCatalog(Clock clock) {
        super(clock);
    }

    private static final Comparator<Backup> NEWEST_FIRST =
            Comparator.comparing(Backup::startedAt).thenComparing(Backup::id).reversed();

    @Override
    public void add(Backup backup) {
        if (backups.putIfAbsent(backup.id(), backup) != null) {
            throw new IllegalStateException("duplicate id " + backup.id());
        }
    }

    @Override
    public Optional<Backup> find(String id) {
        return Optional.ofNullable(backups.get(id));
    }

    @Override
    public boolean exists(String id) {
        return backups.containsKey(id);
    }

    @Override
    public List<Backup> all() {
        synchronized (backups) {
            return backups.values().stream().sorted(NEWEST_FIRST).toList();
        }
    }

    @Override
    public List<BackupListing> listing(int offset, int limit) {
        return listing(Filter.NONE, offset, limit);
    }

    @Override
    public List<BackupListing> listing(Filter filter, int offset, int limit) {
        return all().stream()
                .filter(filter::matches)
                .skip(offset)
                .limit(limit)
                .map(BackupListing::of)
                .toList();
    }

    @Override
    public long count() {
        return count(Filter.NONE);
    }

    @Override
    public long count(Filter filter) {
        return all().stream().filter(filter::matches).count();
    }

    @Override
    public List<String> dependants(String id) {
        return all().stream()
                .sorted(NEWEST_FIRST.reversed())
                .filter(b -> b.status() != BackupStatus.FAILED && !b.id().equals(id))
                .filter(b -> b.dependsOn().contains(id))
                .map(Backup::id)
                .toList();
    }

    @Override
    public List<MissingArchive> missingArchives() {
        return withStatus(BackupStatus.MISSING).stream()
                .map(b -> new MissingArchive(b.id(), b.location(), b.archiveFile(), b.sizeBytes()))
                .toList();
    }

    @Override
    public List<Backup> withStatus(BackupStatus status) {
        return all().stream().filter(b -> b.status() == status).toList();
    }

    @Override
    public Optional<Backup> lastSuccessful(String schedule) {
        return all().stream()
                .filter(b -> b.status().isComplete() && schedule.equals(b.schedule()))
                .findFirst();
    }

    @Override
    public Optional<Backup> lastSuccessful() {
        return all().stream().filter(b -> b.status().isComplete()).findFirst();
    }

    @Override
    public Optional<java.time.Instant> lastSuccessfulStart() {
        return lastSuccessful().map(Backup::startedAt);
    }

    @Override
    public List<String> completedWith(List<String> volumes, List<String> paths) {
        return all().stream()
                .filter(b -> b.status().isComplete()
                        && Set.copyOf(b.volumes()).equals(Set.copyOf(volumes))
                        && Set.copyOf(b.paths()).equals(Set.copyOf(paths)))
                .map(Backup::id)
                .toList();
    }

    @Override
    public Map<String, Long> completedSizes(Collection<String> ids) {
        var sizes = new java.util.HashMap<String, Long>();
        for (var id : ids) {
            find(id).filter(b -> b.status().isComplete()).ifPresent(b -> sizes.put(id, b.sizeBytes()));
        }
        return sizes;
    }

    @Override
    public boolean change(String id, Consumer<Backup> change) {
        var backup = backups.get(id);
        if (backup == null) {
            return false;
        }
        change.accept(backup);
        return true;
    }

    @Override
    public void progress(String id, long bytesDone, long bytesTotal, long filesDone, long filesTotal) {
        progressWrites.add(id + " " + bytesDone + "/" + bytesTotal);
        super.progress(id, bytesDone, bytesTotal, filesDone, filesTotal);
    }

    /** The conditions of the SQL UPDATE, applied under the map's lock. */
    @Override
    public boolean renewLease(String id, String node, Instant until) {
        synchronized (backups) {
            var backup = backups.get(id);
            if (backup == null
                    || backup.status() != BackupStatus.RUNNING
                    || !backup.node().equals(node)) {
                return false;
            }
            backup.leaseUntil(until);
            return true;
        }
    }

    @Override
    public boolean expireLease(String id, String node, Instant now, Instant leaselessStartedBefore, String reason) {
        synchronized (backups) {
            var backup = backups.get(id);
            if (backup == null
                    || backup.status() != BackupStatus.RUNNING
                    || !backup.node().equals(node)
                    || !backup.leaseExpired(now, Duration.between(leaselessStartedBefore, now))) {
                return false;
            }
            backup.failed(reason, now);
            return true;
        }
    }

    @Override
    public boolean remove(String id) {
        return backups.remove(id) != null;
    }
}
