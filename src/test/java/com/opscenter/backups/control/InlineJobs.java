package com.opscenter.backups.control;

import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Backup jobs that run on the caller's thread, for tests that only need a real backup to work on. */
final class InlineJobs {

    private InlineJobs() {}

    /** Jobs of node {@code node-a} backing up the given folder volumes into the settings' default location. */
    static BackupJobs of(BackupCatalog catalog, BackupSettings settings, Map<String, Path> volumes, Clock clock) {
        var node = new FixedNode("node-a");
        return new BackupJobs(
                catalog,
                InMemoryConfigStore.of(settings.defaultBackupLocation(), "0 2 * * *", 7),
                new BackupJobsTest.FixedSources(volumes),
                settings,
                node,
                new BackupLeases(catalog, settings, node, new RecordingEvent<>(), clock, new ManualTimer()),
                new RecordingEvent<>(),
                clock,
                Runnable::run,
                Thread::new);
    }
}
