package com.opscenter.cloud.control;

import com.opscenter.archive.ArchiveRejectedException;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.control.ArchiveImports;
import com.opscenter.backups.control.ArchiveMissing;
import com.opscenter.backups.control.BackupAlreadyLocal;
import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.backups.control.BackupConfigStore;
import com.opscenter.backups.control.BackupIds;
import com.opscenter.backups.control.BackupNotFound;
import com.opscenter.backups.control.BackupWithoutArchive;
import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.backups.entity.Backup;
import com.opscenter.cloud.entity.CloudCopy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The backups in the bucket. The bucket alone is enough to find them: each sidecar names its archive, so a new
 * server with an empty catalog lists and restores everything. Keys are data, not paths: only a key of the exact
 * form {@code <prefix><backup id>.json} is read, and local file names come from the validated id, never from a
 * key, so nothing in the bucket can point outside the backup folder.
 */
@ApplicationScoped
public class BucketCatalog implements OffsiteCopies {

    private static final Logger LOG = Logger.getLogger(BucketCatalog.class.getName());
    private static final Pattern SIDECAR_NAME = Pattern.compile("(backup-\\d{8}-\\d{6}(?:-[1-9]\\d{0,5})?)\\.json");

    private CloudSettings settings;
    private CloudTargets targets;
    private CloudCopyStore copies;
    private CloudUploads uploads;
    private ArchiveImports imports;
    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private Clock clock;

    /** For the container's client proxy, and for fakes in unit tests. */
    protected BucketCatalog() {}

    @Inject
    public BucketCatalog(
            @ConfigProperties CloudSettings settings,
            CloudTargets targets,
            CloudCopyStore copies,
            CloudUploads uploads,
            ArchiveImports imports,
            BackupCatalog catalog,
            BackupConfigStore configs,
            Clock clock) {
        this.settings = settings;
        this.targets = targets;
        this.copies = copies;
        this.uploads = uploads;
        this.imports = imports;
        this.catalog = catalog;
        this.configs = configs;
        this.clock = clock;
    }

    public record SyncReport(
            String direction, List<String> copied, Map<String, String> skipped, Map<String, String> failed) {}

    /** One target's sync: its report, or why the target could not be synced at all. */
    public record TargetSync(String target, SyncReport report, String error) {
        public boolean answered() {
            return error == null;
        }
    }

    /** A listing, the target that served it, and the targets passed over before it with why (by name). */
    public record ServedListing(CloudTarget target, BucketListing listing, Map<String, String> failed) {}

    /**
     * The listing of the first target that answers: a target that is down or refuses is passed over for the
     * next, and the answer says which ones were and why. Fails (502) only when none answers; with one target, its
     * own error is the answer, as ever.
     */
    public ServedListing listFirstAnswering() {
        requireEnabled();
        var all = targets.all();
        if (all.size() <= 1) {
            var target = targets.first();
            return new ServedListing(target, list(target), Map.of());
        }
        var failed = new java.util.LinkedHashMap<String, String>();
        for (var target : all) {
            try {
                return new ServedListing(
                        target,
                        list(target),
                        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed)));
            } catch (CloudFailure e) {
                failed.put(target.name(), target.store().redact(e.getMessage()));
            }
        }
        throw new CloudFailure("No cloud target answered: " + describe(failed), false);
    }

    /** The listing of the target of that name (400 for an unknown one), its own error when it does not answer. */
    public ServedListing listNamed(String name) {
        var target = target(name);
        return new ServedListing(target, list(target), Map.of());
    }

    /**
     * Sync with every target ({@code from}: every target but that one), each on its own: a target that does not
     * answer is reported and the others are synced all the same. Fails (502) only when no target answers; with one
     * target, its own error is the answer, as ever.
     */
    public List<TargetSync> syncEvery(String direction, String from, String actor) {
        requireEnabled();
        var all = targets.all();
        if (all.size() <= 1) {
            var target = targets.first();
            return List.of(new TargetSync(target.name(), sync(direction, target.name(), from, actor), null));
        }
        var source = from == null || from.isBlank() ? null : targets.named(from);
        if (source != null && !"upload".equals(direction)) {
            throw new InvalidCloudRequest("from goes with direction upload: it copies from one target to another");
        }
        var results = new ArrayList<TargetSync>();
        var failed = new java.util.LinkedHashMap<String, String>();
        for (var target : all) {
            if (source != null && source.name().equals(target.name())) {
                continue;
            }
            try {
                results.add(new TargetSync(target.name(), sync(direction, target.name(), from, actor), null));
            } catch (CloudFailure e) {
                var reason = target.store().redact(e.getMessage());
                failed.put(target.name(), reason);
                results.add(new TargetSync(target.name(), null, reason));
            }
        }
        if (results.stream().noneMatch(TargetSync::answered)) {
            throw new CloudFailure("No cloud target answered the sync: " + describe(failed), false);
        }
        return results;
    }

    private static String describe(Map<String, String> failed) {
        return failed.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The first target's bucket, as the spec's listing shows it. */
    public BucketListing list() {
        requireEnabled();
        return list(targets.first());
    }

    public BucketListing list(CloudTarget target) {
        requireEnabled();
        var store = target.store();
        var settings = target.settings();
        store.requireBucket();
        var objects = store.list();
        var sizes = new HashMap<String, Long>();
        objects.forEach(o -> sizes.put(o.key(), o.size()));
        var backups = new ArrayList<BucketBackup>();
        var ignored = new ArrayList<String>();
        var referenced = new java.util.HashSet<String>();
        for (var object : objects) {
            var found = sidecarId(object.key(), settings.prefix());
            if (found.isEmpty()) {
                continue;
            }
            var id = found.get();
            try {
                var sidecar = readSidecar(store, object.key(), id);
                var archiveKey = store.key(sidecar.archiveFile());
                referenced.add(object.key());
                referenced.add(archiveKey);
                if (!sizes.containsKey(archiveKey)) {
                    ignored.add(object.key() + ": its archive " + archiveKey + " is not in the bucket");
                    continue;
                }
                backups.add(new BucketBackup(
                        sidecar, archiveKey, object.key(), sizes.get(archiveKey), object.lastModified()));
            } catch (IOException | CloudFailure e) {
                ignored.add(object.key() + ": " + e.getMessage());
            }
        }
        for (var object : objects) {
            if (!referenced.contains(object.key())) {
                ignored.add(object.key() + ": not a backup of ours");
            }
        }
        backups.sort(Comparator.comparing((BucketBackup b) -> b.sidecar().timestamp())
                .reversed()
                .thenComparing(BucketBackup::id, Comparator.reverseOrder()));
        return new BucketListing(backups, ignored);
    }

    /**
     * The backup id of a key that is exactly {@code <prefix><id>.json}; empty for every other key, including
     * {@code ../../x}, nested keys and look-alikes. Only ids from here ever name local files.
     */
    static Optional<String> sidecarId(String key, String prefix) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        var matcher = SIDECAR_NAME.matcher(key.substring(prefix.length()));
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static BackupSidecar readSidecar(ObjectStore store, String key, String id) throws IOException {
        var bytes = store.readSmall(key, BackupSidecar.MAX_BYTES);
        if (bytes == null) {
            throw new IOException("vanished while it was read");
        }
        BackupSidecar sidecar;
        try {
            sidecar = BackupSidecar.fromJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable sidecar: " + e.getMessage());
        }
        ArchiveImports.requireOwnArchive(sidecar, id);
        return sidecar;
    }

    /** One backup in a target's bucket, or 404. */
    public BucketBackup find(CloudTarget target, String backupId) {
        requireEnabled();
        if (!BackupIds.isValid(backupId)) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        var store = target.store();
        store.requireBucket();
        var sidecarKey = store.key(backupId + BackupSidecar.SUFFIX);
        BackupSidecar sidecar;
        try {
            sidecar = readSidecar(store, sidecarKey, backupId);
        } catch (IOException e) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud (" + e.getMessage() + ")");
        }
        var archiveKey = store.key(sidecar.archiveFile());
        if (!store.exists(archiveKey)) {
            throw new CloudBackupNotFound(
                    "Backup " + backupId + " is incomplete in the cloud: " + archiveKey + " is missing");
        }
        return new BucketBackup(sidecar, archiveKey, sidecarKey, sidecar.archiveSize(), null);
    }

    /**
     * Downloads a backup into the backup folder and the catalog from the first target that has a good copy: a
     * target that is down, lacks the backup, or holds a copy that fails verification is passed over for the next,
     * and the answer names the target that served. With one target, its own error is the answer, as ever.
     */
    public synchronized OffsiteCopies.Fetched download(String backupId) throws IOException {
        requireEnabled();
        var all = targets.all();
        if (all.size() <= 1) {
            var target = targets.first();
            return new OffsiteCopies.Fetched(download(target, backupId), target.name());
        }
        var missing = new ArrayList<String>();
        var failed = new ArrayList<String>();
        for (var target : all) {
            try {
                var backup = download(target, backupId);
                if (!failed.isEmpty() || !missing.isEmpty()) {
                    LOG.warning(() -> "Backup " + backupId + " came from target " + target.name() + " after "
                            + String.join("; ", failed) + (missing.isEmpty() ? "" : "; missing on " + missing));
                }
                return new OffsiteCopies.Fetched(backup, target.name());
            } catch (CloudBackupNotFound e) {
                missing.add(target.name());
            } catch (CloudFailure | IOException e) {
                failed.add(target.name() + ": " + target.store().redact(e.getMessage()));
            }
        }
        if (failed.isEmpty()) {
            throw new CloudBackupNotFound(
                    "Backup " + backupId + " not found on any cloud target (" + String.join(", ", missing) + ")");
        }
        throw new CloudFailure(
                "No cloud target served backup " + backupId + ": " + String.join("; ", failed)
                        + (missing.isEmpty() ? "" : "; not on " + String.join(", ", missing)),
                false);
    }

    /**
     * Downloads a backup from one target into the backup folder and the catalog. The archive lands under a
     * temporary name and counts only once its SHA-256 and manifest check out.
     */
    public synchronized Backup download(CloudTarget target, String backupId) throws IOException {
        var store = target.store();
        var cloud = find(target, backupId);
        if (imports.presentLocally(backupId)) {
            throw new BackupAlreadyLocal("Backup " + backupId + " is already in the local catalog");
        }
        var staged = imports.stagingFile(backupId);
        var free = Files.getFileStore(staged.getParent()).getUsableSpace();
        if (free < cloud.archiveSize()) {
            throw new NotEnoughSpace("Not enough space in " + staged.getParent() + " for backup " + backupId + ": "
                    + cloud.archiveSize() + " bytes needed, " + free + " free");
        }
        // Private from its creation (0600), like the archives beside it; a leftover of a crash is replaced.
        Files.deleteIfExists(staged);
        try (var out =
                new BufferedOutputStream(Channels.newOutputStream(DurableFiles.createPrivate(staged)), 1 << 20)) {
            // Never more than the sidecar promised: an object larger than that cannot fill the disk.
            store.download(cloud.archiveKey(), out, cloud.archiveSize());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        Backup backup;
        try {
            backup = imports.admit(staged, cloud.sidecar());
        } catch (ArchiveRejectedException e) {
            // The bucket holds something that is not the backup it claims to be: upstream's data, so 502.
            throw new CloudFailure("The cloud copy of " + backupId + " is refused: " + e.getMessage(), true);
        }
        copies.change(
                target.name(), backupId, c -> c.present(cloud.archiveKey(), cloud.archiveSize(), clock.instant()));
        return backup;
    }

    @Override
    public Optional<OffsiteCopies.Fetched> fetch(String backupId) {
        if (!settings.enabled() || !BackupIds.isValid(backupId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(download(backupId));
        } catch (CloudBackupNotFound e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CloudFailure("Fetching " + backupId + " from the cloud: " + e.getMessage(), false);
        }
    }

    /**
     * Removes a backup's copy from every target that has one; not found only when none has. A target that fails
     * is reported after the others are done.
     */
    public void delete(String backupId) {
        requireEnabled();
        var all = targets.all();
        if (all.size() <= 1) {
            delete(targets.first(), backupId);
            return;
        }
        if (uploads.uploading(backupId)) {
            throw new UploadInProgress("Backup " + backupId + " is being uploaded");
        }
        var deleted = 0;
        RuntimeException failure = null;
        for (var target : all) {
            try {
                delete(target, backupId);
                deleted++;
            } catch (CloudBackupNotFound e) {
                // Not on this one.
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (deleted == 0) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
    }

    /** Removes a backup's copy from a target's bucket: sidecar first, so a half-done delete never lists as complete. */
    public void delete(CloudTarget target, String backupId) {
        requireEnabled();
        if (!BackupIds.isValid(backupId)) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        if (uploads.uploading(target, backupId)) {
            throw new UploadInProgress("Backup " + backupId + " is being uploaded");
        }
        var store = target.store();
        store.requireBucket();
        var sidecarKey = store.key(backupId + BackupSidecar.SUFFIX);
        // The listing also returns look-alikes (backup-…-2.json, backup-….tar.gz.bak); keysToDelete picks.
        var listed = store.list(store.key(backupId)).stream().map(o -> o.key()).toList();
        String namedArchive = null;
        if (listed.contains(sidecarKey)) {
            try {
                namedArchive = readSidecar(store, sidecarKey, backupId).archiveFile();
            } catch (IOException e) {
                // Unreadable or not this backup's own: only the exactly named archives go (keysToDelete).
                LOG.warning(() -> "Deleting " + backupId + " from the cloud: its sidecar " + e.getMessage());
            }
        }
        var keys = keysToDelete(target.settings().prefix(), backupId, namedArchive, listed);
        if (keys.isEmpty()) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        keys.forEach(store::delete);
        copies.remove(target.name(), backupId);
    }

    /**
     * The keys a delete of one backup removes, sidecar first (so a half-done delete never lists as complete):
     * exactly {@code <prefix><id>.json} and the archive it names, which is always {@code <prefix><id><codec
     * extension>[.gpg]}. Without a readable sidecar (a delete cut short before), every archive named exactly so. Only
     * keys that are {@code present}; never a key that merely starts like one.
     */
    static List<String> keysToDelete(String prefix, String backupId, String namedArchive, Collection<String> present) {
        var own = ArchiveFormat.archiveNames(backupId);
        var archives = namedArchive != null && own.contains(namedArchive) ? List.of(namedArchive) : own;
        var keys = new ArrayList<String>();
        var sidecarKey = prefix + backupId + BackupSidecar.SUFFIX;
        if (present.contains(sidecarKey)) {
            keys.add(sidecarKey);
        }
        archives.stream().map(name -> prefix + name).filter(present::contains).forEach(keys::add);
        return keys;
    }

    /**
     * Sync with the first target, or with {@code target} when one is named. With {@code from} (direction upload
     * only), what the target {@code from} holds and {@code target} lacks is copied across.
     */
    public SyncReport sync(String direction, String target, String from, String actor) {
        requireEnabled();
        var chosen = targets.namedOrFirst(target);
        if (from != null && !from.isBlank()) {
            if (!"upload".equals(direction)) {
                throw new InvalidCloudRequest("from goes with direction upload: it copies from one target to another");
            }
            var source = targets.named(from);
            if (source.name().equals(chosen.name())) {
                throw new InvalidCloudRequest("from and target name the same target, " + source.name());
            }
            return syncBetween(source, chosen, actor);
        }
        return switch (direction) {
            case "upload" -> syncUp(chosen, actor);
            case "download" -> syncDown(chosen);
            default -> throw new InvalidCloudRequest("direction must be upload or download");
        };
    }

    /**
     * Every backup in {@code source}'s bucket that {@code target}'s lacks is uploaded to {@code target}: from the
     * local folder when the backup is there, else after downloading and verifying it from {@code source} into
     * the local catalog first (a copy never goes across unverified). Oldest first, as the other syncs.
     */
    private SyncReport syncBetween(CloudTarget source, CloudTarget target, String actor) {
        var inTarget = list(target).backups().stream().map(BucketBackup::id).collect(Collectors.toSet());
        var copied = new ArrayList<String>();
        var skipped = new java.util.LinkedHashMap<String, String>();
        var failed = new java.util.LinkedHashMap<String, String>();
        var fromSource = new ArrayList<>(list(source).backups());
        java.util.Collections.reverse(fromSource);
        var days = configs.current().cloudRetentionDays();
        var cutoff = clock.instant().minus(java.time.Duration.ofDays(days));
        var tooOld = tooOldToCopy(fromSource, cutoff);
        for (var copy : fromSource) {
            var id = copy.id();
            if (inTarget.contains(id)) {
                skipped.put(id, "already on " + target.name());
            } else if (tooOld.contains(id)) {
                // Cloud retention would remove it again right after the upload.
                skipped.put(id, "older than cloud_retention_days (" + days + ")");
            } else if (uploads.uploading(target, id)) {
                skipped.put(id, "upload in progress");
            } else {
                try {
                    if (!imports.presentLocally(id)) {
                        download(source, id);
                    }
                    var outcome = uploads.uploadNow(target, id, actor);
                    if (outcome.succeeded()) {
                        copied.add(id);
                    } else {
                        failed.put(id, outcome.error());
                    }
                } catch (IOException
                        | CloudBackupNotFound
                        | BackupAlreadyLocal
                        | NotEnoughSpace
                        | BackupNotFound
                        | BackupWithoutArchive
                        | ArchiveMissing
                        | UploadInProgress
                        | CloudFailure e) {
                    failed.put(id, e.getMessage());
                }
            }
        }
        return new SyncReport("upload", copied, skipped, failed);
    }

    /**
     * The copies a sync between targets leaves out because cloud retention would remove them again right after:
     * older than {@code cutoff} and not the newest ({@code oldestFirst}'s last), unless a copy that goes across
     * depends on them (an increment's sidecar names them), in turn: an increment never arrives without its chain.
     */
    static Set<String> tooOldToCopy(List<BucketBackup> oldestFirst, Instant cutoff) {
        var byId = new HashMap<String, BucketBackup>();
        oldestFirst.forEach(copy -> byId.put(copy.id(), copy));
        var newest = oldestFirst.isEmpty()
                ? null
                : oldestFirst.get(oldestFirst.size() - 1).id();
        var going = new ArrayDeque<BucketBackup>();
        var tooOld = new HashSet<String>();
        for (var copy : oldestFirst) {
            if (copy.sidecar().timestamp().isBefore(cutoff) && !copy.id().equals(newest)) {
                tooOld.add(copy.id());
            } else {
                going.add(copy);
            }
        }
        while (!going.isEmpty()) {
            var increment = going.poll().sidecar().incremental();
            for (var holder : increment == null ? List.<String>of() : increment.dependsOn()) {
                if (tooOld.remove(holder)) {
                    going.add(byId.get(holder));
                }
            }
        }
        return tooOld;
    }

    /** Every complete local backup the target's bucket lacks is uploaded; the bucket, not our records, decides. */
    private SyncReport syncUp(CloudTarget target, String actor) {
        var store = target.store();
        var inBucket = list(target).backups().stream().map(BucketBackup::id).collect(Collectors.toSet());
        var copied = new ArrayList<String>();
        var skipped = new java.util.LinkedHashMap<String, String>();
        var failed = new java.util.LinkedHashMap<String, String>();
        var local = new ArrayList<>(catalog.all());
        java.util.Collections.reverse(local);
        var days = configs.current().cloudRetentionDays();
        var cutoff = clock.instant().minus(java.time.Duration.ofDays(days));
        var newest = local.stream()
                .filter(b -> b.status().isComplete())
                .reduce((first, second) -> second)
                .map(Backup::id)
                .orElse(null);
        for (var backup : local) {
            var id = backup.id();
            if (!backup.status().isComplete()) {
                skipped.put(id, "status " + backup.status().wireName());
            } else if (backup.startedAt().isBefore(cutoff) && !id.equals(newest) && !inBucket.contains(id)) {
                // Cloud retention would remove it again right after the upload.
                skipped.put(id, "older than cloud_retention_days (" + days + ")");
            } else if (inBucket.contains(id)) {
                skipped.put(id, "already in the cloud");
                copies.change(target.name(), id, c -> {
                    if (c.state() != com.opscenter.cloud.entity.CloudState.UPLOADED) {
                        c.present(store.key(backup.archiveFile()), backup.sizeBytes(), clock.instant());
                    }
                });
            } else if (uploads.uploading(target, id)) {
                skipped.put(id, "upload in progress");
            } else {
                try {
                    var outcome = uploads.uploadNow(target, id, actor);
                    if (outcome.succeeded()) {
                        copied.add(id);
                    } else {
                        failed.put(id, outcome.error());
                    }
                } catch (BackupNotFound | BackupWithoutArchive | ArchiveMissing | UploadInProgress | CloudFailure e) {
                    failed.put(id, e.getMessage());
                }
            }
        }
        return new SyncReport("upload", copied, skipped, failed);
    }

    /** Every backup in the target's bucket that is not in the local folder is downloaded and verified. */
    private SyncReport syncDown(CloudTarget target) {
        var copied = new ArrayList<String>();
        var skipped = new java.util.LinkedHashMap<String, String>();
        var failed = new java.util.LinkedHashMap<String, String>();
        var listing = list(target);
        var cloudBackups = new ArrayList<>(listing.backups());
        java.util.Collections.reverse(cloudBackups);
        for (var cloud : cloudBackups) {
            var id = cloud.id();
            if (imports.presentLocally(id)) {
                skipped.put(id, "already local");
                continue;
            }
            try {
                download(target, id);
                copied.add(id);
            } catch (IOException | CloudBackupNotFound | BackupAlreadyLocal | NotEnoughSpace | CloudFailure e) {
                failed.put(id, e.getMessage());
            }
        }
        return new SyncReport("download", copied, skipped, failed);
    }

    /** The first target's state: the backup's {@code cloud} object. */
    @Override
    public Map<String, State> states() {
        return statesOf(copies.progress(), firstTarget());
    }

    /** One query for the page's backups, not a read of every copy the installation ever made. */
    @Override
    public Map<String, State> states(Collection<String> backupIds) {
        return statesOf(copies.progress(backupIds), firstTarget());
    }

    @Override
    public State state(String backupId) {
        var target = firstTarget();
        return copies.progress(List.of(backupId)).stream()
                .filter(copy -> copy.target().equals(target))
                .map(CloudCopyStore.Progress::state)
                .findFirst()
                .orElse(State.NOT_UPLOADED);
    }

    /** Every configured target's state of each backup, in target order; none while cloud backup is off. */
    @Override
    public Map<String, List<TargetState>> targetStates(Collection<String> backupIds) {
        if (!settings.enabled()) {
            return Map.of();
        }
        var rows = new HashMap<String, CloudCopyStore.Progress>();
        // A whole list reads the table once rather than naming thousands of ids in one query.
        (backupIds.size() > 500 ? copies.progress() : copies.progress(backupIds))
                .forEach(c -> rows.put(c.target() + "/" + c.backupId(), c));
        var names = targets.all().stream().map(CloudTarget::name).toList();
        var states = new HashMap<String, List<TargetState>>();
        for (var id : backupIds) {
            var list = new ArrayList<TargetState>();
            for (var name : names) {
                var row = rows.get(name + "/" + id);
                list.add(new TargetState(name, row == null ? State.NOT_UPLOADED : row.state()));
            }
            states.put(id, List.copyOf(list));
        }
        return states;
    }

    /** The name of the target the {@code cloud} object describes. */
    private String firstTarget() {
        var all = targets.all();
        return all.isEmpty() ? CloudCopy.DEFAULT_TARGET : all.get(0).name();
    }

    private static Map<String, State> statesOf(List<CloudCopyStore.Progress> rows, String target) {
        var states = new HashMap<String, State>();
        for (var copy : rows) {
            if (target.equals(copy.target())) {
                states.put(copy.backupId(), copy.state());
            }
        }
        return states;
    }

    /** A target by name, once cloud backup is on (409 before, as every cloud endpoint; 400 for unknown names). */
    public CloudTarget target(String name) {
        requireEnabled();
        return targets.named(name);
    }

    public void requireEnabled() {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
    }
}
