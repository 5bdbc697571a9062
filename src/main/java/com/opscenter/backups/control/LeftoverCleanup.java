package com.opscenter.backups.control;

import com.opscenter.archive.Restorer;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.io.DirectoryHandles;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.storage.control.StorageSettings;
import com.opscenter.storage.control.Volume;
import com.opscenter.storage.control.VolumeCatalog;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * At start-up, after {@link CatalogRecovery} failed this server's interrupted backups, settles the files a crash
 * left: an in-place restore stopped half-way ({@code .<volume>.restore-old-*}, {@code .<volume>.restore-tmp-*})
 * ends with the old or the new volume (see {@link Restorer#recoverInterrupted}), in the volumes root, next to
 * every Docker volume's folder and in the restore root; in the backup folder, the temporary archives of backups
 * no longer running, downloads nobody writes any more and encrypted cloud copies a day old are removed. Every step
 * is logged.
 */
@Singleton
@Startup
@DependsOn("CatalogRecovery")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeftoverCleanup {

    private static final Logger LOG = Logger.getLogger(LeftoverCleanup.class.getName());

    /** A download another server (sharing the backup folder) is writing is younger than this. */
    static final Duration DOWNLOAD_IDLE = Duration.ofHours(1);

    /**
     * An encrypted cloud copy is written once and then read for as long as its upload takes, so its age says less:
     * one younger than a day may still be uploading from another server sharing the folder, and is kept.
     */
    static final Duration CLOUD_COPY_IDLE = Duration.ofDays(1);

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private BackupSettings backupSettings;
    private StorageSettings storageSettings;
    private VolumeCatalog volumes;
    private Clock clock;

    /** The EJB container's no-arg constructor. */
    public LeftoverCleanup() {}

    @Inject
    public LeftoverCleanup(
            BackupCatalog catalog,
            BackupConfigStore configs,
            @ConfigProperties BackupSettings backupSettings,
            @ConfigProperties StorageSettings storageSettings,
            VolumeCatalog volumes) {
        this.catalog = catalog;
        this.configs = configs;
        this.backupSettings = backupSettings;
        this.storageSettings = storageSettings;
        this.volumes = volumes;
        this.clock = Clock.systemUTC();
    }

    /** Outside the container: only {@link #settle}. */
    LeftoverCleanup(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    @PostConstruct
    void clean() {
        var folders = new LinkedHashSet<Path>();
        folders.add(storageSettings.volumesRoot());
        try {
            // A Docker volume whose folder was renamed away is still listed by Docker: its parent is searched.
            volumes.volumes().volumes().stream()
                    .filter(v -> v.source() == Volume.Source.DOCKER)
                    .map(v -> v.path().toAbsolutePath().getParent())
                    .forEach(folders::add);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not list the volumes to settle interrupted restores: " + e.getMessage());
        }
        folders.add(backupSettings.restoreRoot());
        var done = settle(folders, Path.of(configs.current().backupLocation()), clock);
        done.forEach(line -> LOG.warning(() -> "Start-up cleanup after an interruption: " + line));
    }

    /** What {@link #clean} does, given the folders: returns one line per step taken or refused. */
    List<String> settle(Collection<Path> restoreFolders, Path backupLocation, Clock clock) {
        var done = new ArrayList<String>();
        for (var folder : restoreFolders) {
            try {
                done.addAll(Restorer.recoverFolder(folder));
            } catch (IOException | RuntimeException e) {
                done.add("could not settle interrupted restores in " + folder + ": " + e.getMessage());
            }
        }
        if (Files.isDirectory(backupLocation, LinkOption.NOFOLLOW_LINKS)) {
            try {
                done.addAll(removeTemporaryFiles(backupLocation, clock));
            } catch (IOException e) {
                done.add("could not look for temporary files in " + backupLocation + ": " + e.getMessage());
            }
        }
        return done;
    }

    private List<String> removeTemporaryFiles(Path folder, Clock clock) throws IOException {
        Set<String> running = new HashSet<>();
        catalog.withStatus(BackupStatus.RUNNING).forEach(b -> running.add(b.id()));
        var done = new ArrayList<String>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.tmp")) {
            for (var file : files) {
                var name = file.getFileName().toString();
                if (name.endsWith(ContainerQuiescing.STAGING_SUFFIX)) {
                    removeDumpStaging(file, name, running, done);
                    continue;
                }
                var download = ArchiveImports.stagedBackupId(name);
                var cloudCopy = BackupEncryption.cloudCopyBackupId(name);
                var id = download != null
                        ? download
                        : cloudCopy != null ? cloudCopy : ArchiveFormat.temporaryFileId(name);
                if (id == null || running.contains(id) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                var idle = download != null ? DOWNLOAD_IDLE : cloudCopy != null ? CLOUD_COPY_IDLE : null;
                if (idle != null
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                                .toInstant()
                                .isAfter(clock.instant().minus(idle))) {
                    continue;
                }
                var leftBy = download != null ? "a download" : cloudCopy != null ? "an encrypted upload" : "a backup";
                try {
                    Files.deleteIfExists(file);
                    done.add("removed " + file + ", left by " + leftBy + " that did not finish");
                } catch (IOException e) {
                    done.add("could not remove " + file + ": " + e.getMessage());
                }
            }
        }
        return done;
    }

    /** The dumps a backup spooled before it was interrupted: a private folder of ours, removed through handles. */
    private static void removeDumpStaging(Path folder, String name, Set<String> running, List<String> done) {
        var id = name.substring(0, name.length() - ContainerQuiescing.STAGING_SUFFIX.length());
        if (!ArchiveFormat.isValidId(id)
                || running.contains(id)
                || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            DirectoryHandles.deleteTree(folder);
            done.add("removed " + folder + ", the dumps of a backup that did not finish");
        } catch (IOException e) {
            done.add("could not remove " + folder + ": " + e.getMessage());
        }
    }
}
