package com.opscenter.cloud.control;

import com.opscenter.cloud.entity.CloudCopy;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whose a copy in the bucket is. Several installations may share a bucket and prefix (a second site, a recovery
 * server pointed at the old bucket), and retention must only ever remove what this installation wrote: a copy
 * whose sidecar carries our installation id, or, for copies written before sidecars carried one, a copy our own
 * records show we uploaded. Every other copy belongs to someone else and is kept.
 */
public final class CopyOwners {

    /** The answer for one copy, with the reason shown in the cloud listing. */
    public record Owner(boolean own, String reason) {}

    private final String installationId;
    private final Set<String> uploadedHere;

    public CopyOwners(String installationId, Collection<CloudCopy> records) {
        this.installationId = installationId;
        this.uploadedHere = records.stream()
                .filter(CloudCopy::uploadedHere)
                .map(CloudCopy::backupId)
                .collect(Collectors.toUnmodifiableSet());
    }

    public Owner of(BucketBackup copy) {
        var writer = copy.sidecar().installationId();
        if (writer != null) {
            return writer.equals(installationId)
                    ? new Owner(true, "written by this installation")
                    : new Owner(false, "written by installation " + writer + "; only its retention removes it");
        }
        return uploadedHere.contains(copy.id())
                ? new Owner(true, "written before installation ids; this installation's records show it uploaded it")
                : new Owner(
                        false,
                        "written before installation ids, and not uploaded by this installation; never removed"
                                + " by retention here");
    }

    public boolean own(BucketBackup copy) {
        return of(copy).own();
    }
}
