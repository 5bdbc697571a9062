package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.backups.control.BackupEncryption.EncryptedCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One encryption per backup however many targets upload it, on real files: the copy is written once, read by
 * every upload meanwhile, and deleted when no upload of the backup is queued or running. The encrypter here
 * writes a file and counts (what it writes is BackupEncryption's business, tested there and against gpg).
 */
class SharedEncryptionTest {

    @TempDir
    Path folder;

    final AtomicInteger encryptions = new AtomicInteger();
    final Set<String> uploading = ConcurrentHashMap.newKeySet();

    SharedEncryption shared(boolean encrypt) {
        return new SharedEncryption(
                (archive, sidecar) -> {
                    if (!encrypt) {
                        return Optional.empty();
                    }
                    encryptions.incrementAndGet();
                    var copy = Files.createTempFile(folder, ".b.cloud-", ".tmp");
                    var json = Files.createTempFile(folder, ".b.cloud-", ".json.tmp");
                    Files.writeString(copy, "ciphertext " + encryptions.get());
                    return Optional.of(new EncryptedCopy(copy, json, null));
                },
                uploading::contains);
    }

    long filesIn() throws IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void twoTargetsUploadOneEncryptionAndItGoesWhenTheLastIsDone() throws Exception {
        var shared = shared(true);
        uploading.add("b");
        var first = shared.use("b", folder.resolve("a"), folder.resolve("s"));
        var second = shared.use("b", folder.resolve("a"), folder.resolve("s"));

        assertThat(encryptions).hasValue(1);
        assertThat(second.copy()).isSameAs(first.copy());
        first.close();
        assertThat(first.copy().archive()).exists();
        second.close();
        assertThat(first.copy().archive())
                .as("another target's upload is still queued")
                .exists();

        uploading.remove("b");
        shared.dropUnlessUploading("b");

        assertThat(filesIn()).isZero();
        assertThat(shared.held()).isZero();
    }

    @Test
    void aTargetThatComesLaterEncryptsAgainAndNothingIsLeft() throws Exception {
        var shared = shared(true);
        try (var use = shared.use("b", folder.resolve("a"), folder.resolve("s"))) {
            assertThat(use.copy().archive()).exists();
        }
        assertThat(filesIn()).isZero();

        try (var later = shared.use("b", folder.resolve("a"), folder.resolve("s"))) {
            assertThat(Files.readString(later.copy().archive())).isEqualTo("ciphertext 2");
        }
        assertThat(filesIn()).isZero();
    }

    @Test
    void concurrentUploadsOfOneBackupWaitForTheOneEncryption() throws Exception {
        var shared = shared(true);
        uploading.add("b");
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var uses = new java.util.ArrayList<java.util.concurrent.Future<SharedEncryption.Use>>();
            for (int i = 0; i < 4; i++) {
                uses.add(pool.submit(() -> {
                    start.await();
                    return shared.use("b", folder.resolve("a"), folder.resolve("s"));
                }));
            }
            start.countDown();
            for (var use : uses) {
                use.get().close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(encryptions).hasValue(1);
        uploading.clear();
        shared.dropUnlessUploading("b");
        assertThat(filesIn()).isZero();
    }

    @Test
    void aPlainUploadHoldsNothing() throws Exception {
        var shared = shared(false);
        try (var use = shared.use("b", folder.resolve("a"), folder.resolve("s"))) {
            assertThat(use.copy()).isNull();
        }
        assertThat(shared.held()).isZero();
    }
}
