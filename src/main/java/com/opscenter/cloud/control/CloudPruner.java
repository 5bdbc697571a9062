package com.opscenter.cloud.control;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.BackupConfigStore;
import com.opscenter.backups.control.RetentionRule;
import com.opscenter.platform.control.Installation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies cloud_retention_days to the copies in the bucket after each successful upload, with the local rule:
 * older than the period goes, but never the newest copy. Local and cloud retention are independent, so the bucket
 * can keep a longer history than the disk. Only this installation's own copies ({@link CopyOwners}) take part:
 * another installation's history in a shared bucket is neither removed nor counted as protecting ours. Each
 * cloud target is pruned on its own, after an upload to it, by what its own bucket holds. A copy that a kept copy
 * on the same target depends on (an increment's sidecar names them) is kept with it.
 */
@ApplicationScoped
public class CloudPruner {

    private static final Logger LOG = Logger.getLogger(CloudPruner.class.getName());

    private BucketCatalog cloud;
    private CloudTargets targets;
    private CloudUploads uploads;
    private BackupConfigStore configs;
    private CloudCopyStore copies;
    private Installation installation;
    private Event<AuditEvent> audit;
    private Clock clock;

    /** For the container's client proxy only. */
    protected CloudPruner() {}

    @Inject
    public CloudPruner(
            BucketCatalog cloud,
            CloudTargets targets,
            CloudUploads uploads,
            BackupConfigStore configs,
            CloudCopyStore copies,
            Installation installation,
            Event<AuditEvent> audit,
            Clock clock) {
        this.cloud = cloud;
        this.targets = targets;
        this.uploads = uploads;
        this.configs = configs;
        this.copies = copies;
        this.installation = installation;
        this.audit = audit;
        this.clock = clock;
    }

    void afterUpload(@Observes CloudUploadFinished upload) {
        if (upload.succeeded()) {
            try {
                apply(targets.named(upload.target()));
            } catch (RuntimeException e) {
                LOG.warning(() -> "Cloud retention did not run: " + e.getMessage());
            }
        }
    }

    /** Who wrote which copy on a target, as this installation knows it now. */
    public CopyOwners owners(CloudTarget target) {
        return new CopyOwners(
                installation.id(),
                copies.all().stream()
                        .filter(c -> target.name().equals(c.target()))
                        .toList());
    }

    public synchronized List<String> apply(CloudTarget target) {
        var days = configs.current().cloudRetentionDays();
        var owners = owners(target);
        var expired = RetentionRule.expired(
                cloud.list(target).backups().stream().filter(owners::own).toList(),
                BucketBackup::id,
                b -> b.sidecar().timestamp(),
                b -> b.sidecar().warnings().isEmpty() && b.sidecar().filesCount() > 0,
                b -> uploads.uploading(target, b.id()),
                b -> RetentionRule.subjects(b.sidecar().volumes(), b.sidecar().paths()),
                CloudPruner::dependsOn,
                clock.instant(),
                days);
        var removed = new ArrayList<String>();
        var stillNeeded = new HashSet<String>();
        // Newest first (as decided): an increment's copy goes before the copies it depends on, and when it cannot,
        // they stay with it.
        for (var backup : expired) {
            if (stillNeeded.contains(backup.id())) {
                stillNeeded.addAll(dependsOn(backup));
                continue;
            }
            try {
                cloud.delete(target, backup.id());
                removed.add(backup.id());
                audit.fire(AuditEvent.bySystem(
                        "cloud.retention",
                        backup.id(),
                        AuditOutcome.SUCCESS,
                        "Cloud copy older than " + days + " days removed"
                                + (targets.several() ? " from target " + target.name() : "")));
            } catch (RuntimeException e) {
                stillNeeded.addAll(dependsOn(backup));
                audit.fire(AuditEvent.bySystem("cloud.retention", backup.id(), AuditOutcome.FAILURE, e.getMessage()));
            }
        }
        return removed;
    }

    /** The copies an increment's copy needs, as its sidecar names them (the bucket alone decides here). */
    private static List<String> dependsOn(BucketBackup backup) {
        var increment = backup.sidecar().incremental();
        return increment == null ? List.of() : increment.dependsOn();
    }
}
