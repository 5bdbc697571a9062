package com.opscenter.backups.control;

import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, settles what a crash left behind: backups this server was running are failed and their temporary
 * files removed, archives whose sidecar is in the backup folder but not in the catalog are catalogued again, and
 * {@code missing} backups whose archive is back become usable again. Nothing in the folder can stop start-up: a
 * sidecar that cannot be read, or whose fields fail their checks, is skipped whole, logged and reported
 * ({@link IgnoredSidecars}). Then, at start-up and every half lease, backups of other servers whose lease has run
 * out are failed (BackupLeases), so nothing stays running after its server died.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CatalogRecovery {

    private static final String SUFFIX = BackupSidecar.SUFFIX;

    private static final Logger LOG = Logger.getLogger(CatalogRecovery.class.getName());

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private NodeIdentity node;
    private BackupLeases leases;
    private IgnoredSidecars ignored;
    private Clock clock;

    @Resource
    TimerService timers;

    /** The EJB container's no-arg constructor. */
    public CatalogRecovery() {}

    @Inject
    public CatalogRecovery(
            BackupCatalog catalog,
            BackupConfigStore configs,
            NodeIdentity node,
            BackupLeases leases,
            IgnoredSidecars ignored,
            Clock clock) {
        this.catalog = catalog;
        this.configs = configs;
        this.node = node;
        this.leases = leases;
        this.ignored = ignored;
        this.clock = clock;
    }

    /** Outside the container, reporting to a list of its own. */
    public CatalogRecovery(
            BackupCatalog catalog, BackupConfigStore configs, NodeIdentity node, BackupLeases leases, Clock clock) {
        this(catalog, configs, node, leases, new IgnoredSidecars(), clock);
    }

    /** What the last rebuild refused. */
    public IgnoredSidecars ignored() {
        return ignored;
    }

    @PostConstruct
    void startUp() {
        recover();
        var every = leases.sweepInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig(null, false));
    }

    void recover() {
        leases.failInterruptedOwn();
        sweep();
        rebuildFrom(Path.of(configs.current().backupLocation()));
    }

    @Timeout
    void sweep() {
        try {
            leases.expireOthers();
        } catch (RuntimeException e) {
            // The next round tries again; start-up must not fail because the database hiccupped.
            LOG.log(Level.WARNING, "Could not look for backups whose lease ran out: " + e.getMessage(), e);
        }
    }

    /**
     * Catalogues every valid sidecar in the folder that the catalog does not know yet, and makes a {@code missing}
     * backup usable again when its archive is back. Returns how many backups were added.
     */
    public int rebuildFrom(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        var skipped = new ArrayList<String>();
        int added = 0;
        try (var files = Files.newDirectoryStream(folder, "backup-*" + SUFFIX)) {
            for (var file : files) {
                try {
                    if (catalogue(file, folder, skipped)) {
                        added++;
                    }
                } catch (IOException | RuntimeException e) {
                    // Unreadable, malformed, or refused by the database: it costs this one backup, never start-up.
                    skipped.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            skipped.add(folder + ": could not be read: " + e.getMessage());
        }
        skipped.forEach(reason -> LOG.warning(() -> "Skipped while rebuilding the catalog: " + reason));
        ignored.report(skipped);
        if (added > 0) {
            var count = added;
            LOG.info(() -> "Catalogued " + count + " backup(s) found in " + folder);
        }
        return added;
    }

    private boolean catalogue(Path file, Path folder, List<String> skipped) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(file.getFileName() + ": not a regular file");
            return false;
        }
        var sidecar = BackupSidecar.read(file);
        var problem = SidecarBackups.problem(sidecar, clock.instant());
        if (problem.isEmpty() && !file.getFileName().toString().equals(sidecar.id() + SUFFIX)) {
            problem = Optional.of("it describes another backup (" + sidecar.id() + ")");
        }
        if (problem.isPresent()) {
            skipped.add(file.getFileName() + ": " + problem.get());
            return false;
        }
        var known = catalog.find(sidecar.id());
        if (known.isPresent()) {
            var backup = known.get();
            if (SidecarBackups.archiveBack(backup, folder)
                    && sidecar.archiveSha256().equals(backup.sha256())) {
                catalog.change(backup.id(), b -> b.archiveReturned(folder.toString()));
                LOG.info(() -> "The archive of missing backup " + backup.id() + " is back in " + folder);
            }
            return false;
        }
        var backup = SidecarBackups.toBackup(sidecar, node.name(), folder);
        if (!Files.isRegularFile(folder.resolve(sidecar.archiveFile()), LinkOption.NOFOLLOW_LINKS)) {
            backup.markMissing();
        }
        catalog.add(backup);
        return true;
    }
}
