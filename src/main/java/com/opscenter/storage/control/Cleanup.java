package com.opscenter.storage.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The spec's storage clean-up. Each requested action runs concurrently with the others; none removes anything
 * a user may still need (see {@link DockerVolumes}, {@link LogCompressor}, {@link CacheCleaner}).
 */
@ApplicationScoped
public class Cleanup {

    @Inject
    DockerVolumes docker;

    @Inject
    @ConfigProperties
    StorageSettings settings;

    @Inject
    Instance<BackupPruning> backupRetention;

    @Resource
    ManagedExecutorService executor;

    /** Which actions to run; a dry run reports what each would do and changes nothing. */
    public record Plan(boolean docker, boolean logs, boolean cache, boolean backups, boolean dryRun) {}

    public StepResult run(Plan plan) {
        var steps = new ArrayList<StepResult.Step>();
        if (plan.docker()) {
            steps.add(new StepResult.Step("Docker cleanup", () -> docker(plan.dryRun())));
        }
        if (plan.logs()) {
            steps.add(new StepResult.Step("Log cleanup", () -> logs(plan.dryRun())));
        }
        if (plan.cache()) {
            steps.add(new StepResult.Step("Cache cleanup", () -> cache(plan.dryRun())));
        }
        if (plan.backups()) {
            steps.add(new StepResult.Step("Backup cleanup", () -> backups(plan.dryRun())));
        }
        return StepResult.runConcurrently(steps, executor);
    }

    private StepResult docker(boolean dryRun) {
        var volumes = docker.pruneVolumes(dryRun);
        var images = docker.pruneImages(dryRun);
        var summary = dryRun
                ? "Docker cleanup (dry run): would remove " + volumes.removed().size() + " volumes " + volumes.removed()
                        + " and " + images.removed().size() + " images " + images.removed()
                : "Docker cleanup: Removed " + volumes.removed().size() + " volumes and "
                        + images.removed().size() + " images";
        return new StepResult(List.of(summary), volumes.freedBytes() + images.freedBytes(), List.of());
    }

    /** Also used by optimize: one compressor, one set of rules. */
    StepResult logs(boolean dryRun) {
        var result = LogCompressor.compress(
                settings.logDirs(), settings.logCompressAfter(), settings.logMinIdle(), Instant.now(), dryRun);
        var summary = dryRun
                ? "Log cleanup (dry run): would compress " + result.compressed().size() + " log files"
                : "Log cleanup: Compressed " + result.compressed().size() + " log files";
        var done = new ArrayList<String>();
        done.add(summary);
        done.addAll(prefixed("Log cleanup: ", result.skipped()));
        return new StepResult(done, result.freedBytes(), prefixed("Log cleanup: ", result.errors()));
    }

    private StepResult cache(boolean dryRun) {
        var result = CacheCleaner.clean(settings.cacheDirs(), settings.cacheKeepPatterns(), dryRun);
        var kept = String.join(", ", settings.cacheKeepPatterns());
        var summary = dryRun
                ? "Cache cleanup (dry run): would remove " + result.removedFiles() + " files (keeping " + kept + ")"
                : "Cache cleanup: Removed " + result.removedFiles() + " files (sessions preserved: " + kept + ")";
        return new StepResult(List.of(summary), result.freedBytes(), prefixed("Cache cleanup: ", result.errors()));
    }

    private StepResult backups(boolean dryRun) {
        if (backupRetention.isUnsatisfied()) {
            return new StepResult(List.of("Backup cleanup: no backup catalog yet, nothing removed"), 0, List.of());
        }
        var result = backupRetention.get().apply(dryRun);
        var summary = (dryRun ? "Backup cleanup (dry run): would remove " : "Backup cleanup: Removed ")
                + result.removed().size() + " backups";
        return new StepResult(List.of(summary), result.freedBytes(), List.of());
    }

    static List<String> prefixed(String prefix, List<String> errors) {
        return errors.stream().map(error -> prefix + error).toList();
    }
}
