package com.opscenter.cloud.control;

import com.opscenter.cloud.entity.CloudCopy;
import com.opscenter.cloud.entity.CloudState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The cloud state of each backup on each target in a map, for unit tests. */
class InMemoryCloudCopyStore extends CloudCopyStore {

    private final Map<String, CloudCopy> copies = new ConcurrentHashMap<>();
    private final Clock clock;

    InMemoryCloudCopyStore(Clock clock) {
        super(clock);
        this.clock = clock;
    }

    private static String key(String target, String backupId) {
        return target + "/" + backupId;
    }

    /** The copy on the spec's own target. */
    Optional<CloudCopy> find(String backupId) {
        return find(CloudCopy.DEFAULT_TARGET, backupId);
    }

    /** A change to the copy on the spec's own target. */
    CloudCopy change(String backupId, Consumer<CloudCopy> change) {
        return change(CloudCopy.DEFAULT_TARGET, backupId, change);
    }

    @Override
    public Optional<CloudCopy> find(String target, String backupId) {
        return Optional.ofNullable(copies.get(key(target, backupId)));
    }

    @Override
    public List<CloudCopy> all() {
        return List.copyOf(copies.values());
    }

    @Override
    public List<Progress> progress() {
        return progress(copies.values().stream().map(CloudCopy::backupId).toList());
    }

    /** Through the same column order as the store's projection. */
    @Override
    public List<Progress> progress(Collection<String> backupIds) {
        return copies.values().stream()
                .filter(c -> backupIds.contains(c.backupId()))
                .map(c -> Progress.of(new Object[] {
                    c.backupId(),
                    c.target(),
                    c.state(),
                    c.error(),
                    c.bytesUploaded(),
                    c.bytesTotal(),
                    c.attempts(),
                    c.uploadedAt(),
                    c.nextAttemptAt()
                }))
                .toList();
    }

    @Override
    public List<CloudCopy> inState(String target, CloudState state) {
        return copies.values().stream()
                .filter(c -> c.target().equals(target) && c.state() == state)
                .toList();
    }

    @Override
    public CloudCopy change(String target, String backupId, Consumer<CloudCopy> change) {
        var copy = copies.computeIfAbsent(key(target, backupId), k -> new CloudCopy(backupId, target, clock.instant()));
        change.accept(copy);
        return copy;
    }

    @Override
    public synchronized boolean renewLease(String target, String backupId, String node, Instant until) {
        var copy = copies.get(key(target, backupId));
        if (copy == null || copy.state() != CloudState.UPLOADING || !node.equals(copy.node())) {
            return false;
        }
        copy.leaseUntil(until);
        return true;
    }

    @Override
    public synchronized boolean takeOver(
            String target,
            String backupId,
            String oldNode,
            String newNode,
            Instant now,
            Instant leaselessChangedBefore,
            String reason) {
        var copy = copies.get(key(target, backupId));
        if (copy == null
                || copy.state() != CloudState.UPLOADING
                || !oldNode.equals(copy.node())
                || !copy.leaseExpired(now, Duration.between(leaselessChangedBefore, now))) {
            return false;
        }
        copy.takenOver(newNode, reason, now);
        return true;
    }

    @Override
    public void remove(String target, String backupId) {
        copies.remove(key(target, backupId));
    }
}
