package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Backup settings as the defaults file gives them, with the folders of a test. */
public final class TestSettings {

    private TestSettings() {}

    public static BackupSettings backup(Path backupLocation, Path restoreRoot) {
        var settings = new BackupSettings();
        settings.backupLocation = backupLocation.toString();
        settings.restoreRoot = restoreRoot.toString();
        // A test's folders are all under the temporary folder; the volumes root is a folder no test uses.
        var temp = Path.of(System.getProperty("java.io.tmpdir"));
        settings.backupLocationRoots = Optional.of(temp.toString());
        settings.includePathRoots = Optional.of(temp.toString());
        settings.protectedPaths = Optional.empty();
        settings.volumesRoot = temp.resolve("no-test-uses-this-volumes-root").toString();
        settings.defaultSchedule = "0 2 * * *";
        settings.defaultRetentionDays = 7;
        settings.defaultIncludePaths = Optional.empty();
        settings.defaultExcludePatterns = List.of();
        settings.defaultCodec = Codec.GZIP;
        settings.defaultTimezone = "UTC";
        settings.minFreeBytes = 0;
        settings.healthMinFreeBytes = 0;
        settings.lease = Duration.ofMinutes(2);
        settings.containerTimeout = Duration.ofMinutes(5);
        settings.containerStopGrace = Duration.ofSeconds(30);
        settings.dumpMaxBytes = 10L << 30;
        return settings;
    }
}
