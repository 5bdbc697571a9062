package com.opscenter.cloud.boundary;

import com.opscenter.cloud.control.BucketBackup;
import com.opscenter.cloud.control.CopyOwners;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/backups/cloud}: where the copies are, and what is there. Never the keys. */
public record CloudBackupList(
        String provider,
        String bucket,
        String region,
        @JsonbNillable String endpoint,
        String prefix,

        @JsonbNillable String versioning,

        long totalSize,
        List<Item> backups,
        List<String> ignored,
        /**
         * The cloud target listed: the one ?target= names, or else the first that answered; and every target in
         * order.
         */
        @Schema(description = "The cloud target listed: the one ?target= names, or else the first that answered")
        String target,

        @Schema(description = "Every configured cloud target, in reading order")
        List<String> targets,
        /** The targets passed over before {@code target} because they did not answer (none with ?target=). */
        @Schema(description = "The targets passed over because they did not answer, and why; empty with ?target=")
        List<CloudTargetProblem> failedTargets) {

    /**
     * Only as much as equal lists must share. JSON-B (Yasson) puts every object it writes into a hash set, to
     * detect cycles, and the generated hash of a record walks everything below it: the whole listing, again for
     * each write.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(bucket, prefix, backups == null ? 0 : backups.size());
    }

    /** The listing's entries; kept out of the resource, whose methods must take no internal record. */
    static List<Item> items(List<BucketBackup> backups, Predicate<String> inLocalCatalog, CopyOwners owners) {
        return backups.stream()
                .map(b -> Item.of(b, inLocalCatalog.test(b.id()), owners.of(b)))
                .toList();
    }

    public record Item(
            String id,
            String timestamp,
            long size,
            String type,

            @JsonbNillable String description,

            String sha256,
            long filesCount,
            List<String> volumes,
            String archiveKey,

            @JsonbNillable String uploadedAt,

            boolean inLocalCatalog,

            /** The installation that wrote the copy; null for copies written before installation ids. */
            @JsonbNillable String installationId,

            /** Whether this installation's retention may remove the copy, and why (or why not). */
            boolean own,
            String ownership) {

        /** By id alone, which equal items share: JSON-B hashes each object it writes, as above. */
        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(id);
        }

        static Item of(BucketBackup backup, boolean local, CopyOwners.Owner owner) {
            var sidecar = backup.sidecar();
            return new Item(
                    backup.id(),
                    Timestamps.iso(sidecar.timestamp()),
                    backup.archiveSize(),
                    sidecar.type() == null ? "manual" : sidecar.type(),
                    sidecar.description(),
                    sidecar.archiveSha256(),
                    sidecar.filesCount(),
                    sidecar.volumes(),
                    backup.archiveKey(),
                    Timestamps.iso(backup.uploadedAt()),
                    local,
                    sidecar.installationId(),
                    owner.own(),
                    owner.reason());
        }
    }
}
