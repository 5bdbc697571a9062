package com.opscenter.cloud.control;

import com.opscenter.backups.control.BackupEncryption.EncryptedCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Encrypts a backup once for all the targets it goes to (encryption {@code cloud}): the first target's upload
 * writes the encrypted copy (a private temporary file beside the archive), the others upload the same file, and
 * it is deleted as soon as no upload of the backup is queued or running here; a target that retries later
 * encrypts again. So disk use is bounded by the backups being uploaded, and each backup costs one encryption
 * however many targets there are. A copy a crash leaves behind is removed by LeftoverCleanup.
 */
final class SharedEncryption {

    /** Writes the encrypted copy of an archive, or answers empty when it goes up as it is. */
    interface Encrypter {
        Optional<EncryptedCopy> encrypt(Path archive, Path sidecar) throws IOException;
    }

    private final Encrypter encrypter;
    private final Predicate<String> uploading;
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    SharedEncryption(Encrypter encrypter, Predicate<String> uploading) {
        this.encrypter = encrypter;
        this.uploading = uploading;
    }

    /** One backup's copy, and how many uploads are reading it now. */
    private static final class Holder {
        EncryptedCopy copy;
        int users;
    }

    /** A use of the shared copy; {@link #copy} is null when the archive goes up as it is. */
    final class Use implements AutoCloseable {
        private final String backupId;
        private final Holder holder;
        private final EncryptedCopy copy;

        private Use(String backupId, Holder holder, EncryptedCopy copy) {
            this.backupId = backupId;
            this.holder = holder;
            this.copy = copy;
        }

        EncryptedCopy copy() {
            return copy;
        }

        @Override
        public void close() throws IOException {
            if (holder != null) {
                synchronized (holder) {
                    holder.users--;
                }
                dropUnlessUploading(backupId);
            }
        }
    }

    /**
     * The backup's encrypted copy, written now unless another target's upload wrote it already. Uploads of the
     * same backup to other targets wait while it is written; other backups do not.
     */
    Use use(String backupId, Path archive, Path sidecar) throws IOException {
        while (true) {
            var holder = holders.computeIfAbsent(backupId, id -> new Holder());
            synchronized (holder) {
                if (holders.get(backupId) != holder) {
                    continue; // dropped meanwhile: start over with the current one
                }
                if (holder.copy != null && !Files.isRegularFile(holder.copy.archive())) {
                    holder.copy = null; // removed under us (by hand, or by a cleanup): written again
                }
                if (holder.copy == null) {
                    var written = encrypter.encrypt(archive, sidecar);
                    if (written.isEmpty()) {
                        if (holder.users == 0) {
                            holders.remove(backupId, holder);
                        }
                        return new Use(backupId, null, null);
                    }
                    holder.copy = written.get();
                }
                holder.users++;
                return new Use(backupId, holder, holder.copy);
            }
        }
    }

    /** Deletes the backup's copy when no upload reads it and none of the backup is queued or running here. */
    void dropUnlessUploading(String backupId) {
        var holder = holders.get(backupId);
        if (holder == null) {
            return;
        }
        synchronized (holder) {
            if (holder.users > 0 || uploading.test(backupId) || holders.get(backupId) != holder) {
                return;
            }
            holders.remove(backupId, holder);
            if (holder.copy != null) {
                try {
                    holder.copy.close();
                } catch (IOException e) {
                    // LeftoverCleanup removes it at the next start.
                }
                holder.copy = null;
            }
        }
    }

    /** How many backups have a copy held now; for tests. */
    int held() {
        return holders.size();
    }
}
