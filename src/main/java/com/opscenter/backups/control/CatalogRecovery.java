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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, settles what a crash left behind: backups this server was running are failed and their temporary
 * files removed, and archives whose sidecar is in the backup folder but not in the catalog are catalogued again.
 * Then, at start-up and every half lease, backups of other servers whose lease has run out are failed
 * (BackupLeases), so nothing stays running after its server died.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CatalogRecovery {

    private static final Logger LOG = Logger.getLogger(CatalogRecovery.class.getName());

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private NodeIdentity node;
    private BackupLeases leases;

    @Resource
    TimerService timers;

    /** The EJB container's no-arg constructor. */
    public CatalogRecovery() {}

    @Inject
    public CatalogRecovery(BackupCatalog catalog, BackupConfigStore configs, NodeIdentity node, BackupLeases leases) {
        this.catalog = catalog;
        this.configs = configs;
        this.node = node;
        this.leases = leases;
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

    /** Catalogues every sidecar in the folder that the catalog does not know yet. */
    public int rebuildFrom(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        var skipped = new ArrayList<String>();
        int added = 0;
        try {
            for (var sidecar : BackupSidecar.readAll(folder, skipped)) {
                if (!sidecar.describesOwnArchive()) {
                    skipped.add(
                            sidecar.id() + ": names an archive that is not its own (" + sidecar.archiveFile() + ")");
                    continue;
                }
                if (catalog.exists(sidecar.id())) {
                    continue;
                }
                var archivePresent = Files.isRegularFile(folder.resolve(sidecar.archiveFile()));
                var backup = SidecarBackups.toBackup(sidecar, node.name(), folder);
                if (!archivePresent) {
                    backup.markMissing();
                }
                catalog.add(backup);
                added++;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not read the backup folder " + folder + ": " + e.getMessage());
        }
        skipped.forEach(reason -> LOG.warning(() -> "Skipped while rebuilding the catalog: " + reason));
        if (added > 0) {
            var count = added;
            LOG.info(() -> "Catalogued " + count + " backup(s) found in " + folder);
        }
        return added;
    }
}
