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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private ObjectStore store;
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
            ObjectStore store,
            CloudCopyStore copies,
            CloudUploads uploads,
            ArchiveImports imports,
            BackupCatalog catalog,
            BackupConfigStore configs,
            Clock clock) {
        this.settings = settings;
        this.store = store;
        this.copies = copies;
        this.uploads = uploads;
        this.imports = imports;
        this.catalog = catalog;
        this.configs = configs;
        this.clock = clock;
    }

    public record SyncReport(
            String direction, List<String> copied, Map<String, String> skipped, Map<String, String> failed) {}

    public BucketListing list() {
        requireEnabled();
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
                var sidecar = readSidecar(object.key(), id);
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

    private BackupSidecar readSidecar(String key, String id) throws IOException {
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

    /** One backup in the bucket, or 404. */
    public BucketBackup find(String backupId) {
        requireEnabled();
        if (!BackupIds.isValid(backupId)) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        store.requireBucket();
        var sidecarKey = store.key(backupId + BackupSidecar.SUFFIX);
        BackupSidecar sidecar;
        try {
            sidecar = readSidecar(sidecarKey, backupId);
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
     * Downloads a backup into the backup folder and the catalog. The archive lands under a temporary name and
     * counts only once its SHA-256 and manifest check out.
     */
    public synchronized Backup download(String backupId) throws IOException {
        var cloud = find(backupId);
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
        copies.change(backupId, c -> c.present(cloud.archiveKey(), cloud.archiveSize(), clock.instant()));
        return backup;
    }

    @Override
    public Optional<Backup> fetch(String backupId) {
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

    /** Removes a backup's copy from the bucket: sidecar first, so a half-done delete never lists as complete. */
    public void delete(String backupId) {
        requireEnabled();
        if (!BackupIds.isValid(backupId)) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        if (uploads.uploading(backupId)) {
            throw new UploadInProgress("Backup " + backupId + " is being uploaded");
        }
        store.requireBucket();
        var sidecarKey = store.key(backupId + BackupSidecar.SUFFIX);
        // The listing also returns look-alikes (backup-…-2.json, backup-….tar.gz.bak); keysToDelete picks.
        var listed = store.list(store.key(backupId)).stream().map(o -> o.key()).toList();
        String namedArchive = null;
        if (listed.contains(sidecarKey)) {
            try {
                namedArchive = readSidecar(sidecarKey, backupId).archiveFile();
            } catch (IOException e) {
                // Unreadable or not this backup's own: only the exactly named archives go (keysToDelete).
                LOG.warning(() -> "Deleting " + backupId + " from the cloud: its sidecar " + e.getMessage());
            }
        }
        var keys = keysToDelete(settings.prefix(), backupId, namedArchive, listed);
        if (keys.isEmpty()) {
            throw new CloudBackupNotFound("Backup " + backupId + " not found in the cloud");
        }
        keys.forEach(store::delete);
        copies.remove(backupId);
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

    public SyncReport sync(String direction, String actor) {
        requireEnabled();
        return switch (direction) {
            case "upload" -> syncUp(actor);
            case "download" -> syncDown();
            default -> throw new InvalidCloudRequest("direction must be upload or download");
        };
    }

    /** Every complete local backup the bucket lacks is uploaded; the bucket, not our records, decides. */
    private SyncReport syncUp(String actor) {
        var inBucket = list().backups().stream().map(BucketBackup::id).collect(Collectors.toSet());
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
                copies.change(id, c -> {
                    if (c.state() != com.opscenter.cloud.entity.CloudState.UPLOADED) {
                        c.present(store.key(backup.archiveFile()), backup.sizeBytes(), clock.instant());
                    }
                });
            } else if (uploads.uploading(id)) {
                skipped.put(id, "upload in progress");
            } else {
                try {
                    var outcome = uploads.uploadNow(id, actor);
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

    /** Every backup in the bucket that is not in the local folder is downloaded and verified. */
    private SyncReport syncDown() {
        var copied = new ArrayList<String>();
        var skipped = new java.util.LinkedHashMap<String, String>();
        var failed = new java.util.LinkedHashMap<String, String>();
        var listing = list();
        var cloudBackups = new ArrayList<>(listing.backups());
        java.util.Collections.reverse(cloudBackups);
        for (var cloud : cloudBackups) {
            var id = cloud.id();
            if (imports.presentLocally(id)) {
                skipped.put(id, "already local");
                continue;
            }
            try {
                download(id);
                copied.add(id);
            } catch (IOException | CloudBackupNotFound | BackupAlreadyLocal | NotEnoughSpace | CloudFailure e) {
                failed.put(id, e.getMessage());
            }
        }
        return new SyncReport("download", copied, skipped, failed);
    }

    @Override
    public Map<String, State> states() {
        return statesOf(copies.all());
    }

    /** One query for the page's backups, not a read of every copy the installation ever made. */
    @Override
    public Map<String, State> states(Collection<String> backupIds) {
        return statesOf(copies.of(backupIds));
    }

    @Override
    public State state(String backupId) {
        return copies.find(backupId).map(BucketCatalog::stateOf).orElse(State.NOT_UPLOADED);
    }

    private static Map<String, State> statesOf(List<CloudCopy> rows) {
        var states = new HashMap<String, State>();
        for (CloudCopy copy : rows) {
            states.put(copy.backupId(), stateOf(copy));
        }
        return states;
    }

    private static State stateOf(CloudCopy copy) {
        return new State(
                copy.state().wireName(),
                copy.error(),
                copy.bytesUploaded(),
                copy.bytesTotal(),
                copy.attempts(),
                copy.uploadedAt(),
                copy.nextAttemptAt());
    }

    private void requireEnabled() {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
    }
}
