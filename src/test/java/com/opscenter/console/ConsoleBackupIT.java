package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Browser;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/**
 * The story in a real browser on the embedded default: an admin backs up a volume and watches the backup
 * finish, looks inside it (opens a folder, searches a file), restores it into a folder and sees the result, and
 * the files are on disk; a moderator sees the same pages without a control that acts.
 */
@ResourceLock(Locks.EMBEDDED)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBackupIT {

    static final Server SERVER = Server.EMBEDDED;
    static final Path RESTORE_ROOT = SERVER.serverDir().resolve("data/restores");
    static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(3);

    static String volume;
    static String description;
    static String backupId;
    static Browser admin;

    @BeforeAll
    static void aVolumeWithFoldersAndAnAdminSignedIn() throws IOException {
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        volume = "console-bk-" + suffix;
        description = "console test " + suffix;
        var root = Files.createDirectories(SERVER.volumesRoot().resolve(volume));
        Files.createDirectories(root.resolve("docs/guide"));
        Files.writeString(root.resolve("docs/readme.txt"), "read me\n".repeat(500));
        Files.writeString(root.resolve("docs/guide/intro.md"), "# Intro\n");
        Files.createDirectories(root.resolve("data"));
        Files.write(root.resolve("data/blob.bin"), new byte[64 * 1024]);

        admin = Browser.open(SERVER);
        admin.console("backups").signIn(Role.ADMIN);
        admin.find("backups-summary");
    }

    @AfterAll
    static void closeAndTidy() {
        if (admin != null) {
            admin.close();
        }
        if (backupId != null) {
            Api.as(Role.ADMIN, SERVER).delete("/api/v1/backups/" + backupId);
        }
    }

    @Test
    @Order(1)
    void anAdminCreatesABackupAndWatchesItComplete() {
        admin.console("backups");
        admin.click("backup-create-open");
        admin.click(By.cssSelector("[data-testid='create-volume'][data-volume='" + volume + "']"));
        admin.type("create-description", description);
        admin.click("create-submit");

        var row = By.xpath("//tr[@data-testid='backup-row'][.//*[text()='" + description + "']]");
        admin.find(row);
        // The list polls while the backup runs; no reload here.
        admin.until(
                BACKUP_TIMEOUT,
                driver -> "completed".equals(driver.findElement(row).getAttribute("data-status")));
        // Read through waits: the list may render once more after the backup completed.
        backupId = admin.until(driver -> driver.findElement(row).getAttribute("data-backup-id"));
        String status = admin.until(driver -> driver.findElement(row)
                .findElement(Browser.testId("backup-status"))
                .getText());
        assertThat(status).contains("completed");
        admin.screenshot("backups");
    }

    @Test
    @Order(2)
    void theDetailsPageShowsTheBackup() {
        admin.console("backups/" + backup());
        assertThat(admin.find("backup-status").getText()).contains("completed");
        assertThat(admin.find("backup-volumes").getText()).contains(volume);
        var api = Api.as(Role.ADMIN, SERVER).get("/api/v1/backups/" + backup()).json();
        assertThat(admin.find("backup-files").getText())
                .isEqualTo(api.get("files_count").asText());
        admin.find("backup-restore");
        admin.find("backup-delete");
        admin.click("backup-verify");
        assertThat(admin.find("verify-result").getText()).contains("intact");
        admin.screenshot("backup-details");
    }

    @Test
    @Order(3)
    void theContentsPreviewOpensAFolderAndFindsAFile() {
        admin.console("backups/" + backup() + "/contents");
        admin.find("contents-summary");
        openFolder("volumes");
        openFolder("volumes/" + volume);
        openFolder("volumes/" + volume + "/docs");
        assertThat(admin.find(fileRow("volumes/" + volume + "/docs/readme.txt")).getText())
                .contains("readme.txt")
                .contains("3.9 KiB");
        assertThat(admin.find(By.cssSelector(
                                "[data-testid='contents-folder'][data-path='volumes/" + volume + "/docs/guide']"))
                        .getText())
                .contains("guide/");
        admin.screenshot("backup-contents");

        admin.type("contents-search", "intro");
        var hit = admin.find(
                By.cssSelector("[data-testid='search-hit'][data-path='volumes/" + volume + "/docs/guide/intro.md']"));
        assertThat(hit.getText()).contains("intro.md");
        hit.findElement(Browser.testId("search-hit-open")).click();
        admin.find(fileRow("volumes/" + volume + "/docs/guide/intro.md"));
    }

    @Test
    @Order(4)
    void aRestoreIntoAFolderShowsItsResultAndTheFilesAreThere() throws IOException {
        var folder = "console-restore-" + UUID.randomUUID().toString().substring(0, 8);
        admin.console("backups/" + backup() + "/restore");
        admin.type("restore-path", folder);
        assertThat(admin.waitForText("restore-plan-summary", " files, ")).contains(folder);
        admin.click("restore-submit");

        var result = admin.find("restore-result");
        assertThat(Long.parseLong(admin.find("restore-result-files").getText())).isGreaterThanOrEqualTo(3);
        assertThat(admin.find("restore-result-path").getText()).endsWith(folder);
        assertThat(result.getText()).contains("restored");
        admin.screenshot("restore-result");

        var restored = RESTORE_ROOT.resolve(folder).resolve("volumes").resolve(volume);
        assertThat(Files.readString(restored.resolve("docs/readme.txt"))).isEqualTo("read me\n".repeat(500));
        assertThat(restored.resolve("docs/guide/intro.md")).exists();
        assertThat(Files.size(restored.resolve("data/blob.bin"))).isEqualTo(64 * 1024);
    }

    @Test
    @Order(5)
    void oneFolderChosenInTheContentsIsRestoredAloneIntoAFolder() throws IOException {
        var folder = "console-folder-" + UUID.randomUUID().toString().substring(0, 8);
        var docs = "volumes/" + volume + "/docs";
        admin.console("backups/" + backup() + "/contents");
        admin.find("contents-summary");
        openFolder("volumes");
        openFolder("volumes/" + volume);
        admin.click(By.cssSelector("[data-testid='restore-this'][data-path='" + docs + "']"));

        assertThat(admin.waitForText("restore-selection", " files, ")).contains(docs + "/ — 2 files, 3.9 KiB");
        assertThat(admin.find("restore-in-place").isEnabled()).isFalse();
        admin.type("restore-path", folder);
        assertThat(admin.waitForText("restore-plan-summary", folder)).contains("2 files");
        admin.screenshot("restore-folder");
        admin.click("restore-submit");

        admin.find("restore-result");
        assertThat(admin.find("restore-result-files").getText()).isEqualTo("2");
        assertThat(admin.find("restore-result-paths").getText()).isEqualTo(docs);
        var restored = RESTORE_ROOT.resolve(folder);
        try (var all = Files.walk(restored)) {
            assertThat(all.filter(Files::isRegularFile)
                            .map(p -> restored.relativize(p).toString()))
                    .containsExactlyInAnyOrder(docs + "/readme.txt", docs + "/guide/intro.md");
        }
        assertThat(Files.readString(restored.resolve(docs + "/readme.txt"))).isEqualTo("read me\n".repeat(500));
        assertThat(restored.resolve("volumes/" + volume + "/data")).doesNotExist();
    }

    @Test
    @Order(6)
    void aSelectionCanBeClearedBackToTheWholeBackup() {
        admin.console("backups/" + backup() + "/restore?select=volumes/" + volume + "/data/blob.bin");
        assertThat(admin.waitForText("restore-selection", " file, ")).contains("blob.bin — 1 file, 64 KiB");
        assertThat(admin.find("restore-in-place").isEnabled()).isFalse();

        admin.click("restore-selection-clear");

        assertThat(admin.waitForText("restore-selection", "whole backup")).doesNotContain("blob.bin");
        assertThat(admin.find("restore-in-place").isEnabled()).isTrue();
        assertThat(admin.all("restore-selection-clear")).isEmpty();
    }

    @Test
    @Order(7)
    void aModeratorSeesEverythingButNoControlThatActs() {
        try (var moderator = Browser.open(SERVER)) {
            moderator.console("storage").signIn(Role.MODERATOR);
            moderator.find("volumes-table");
            assertThat(moderator.all("cleanup")).isEmpty();

            moderator.click("nav-backups");
            moderator.find(By.cssSelector("[data-testid='backup-row'][data-backup-id='" + backup() + "']"));
            assertThat(moderator.all("backup-create-open")).isEmpty();

            moderator.console("backups/" + backup());
            moderator.find("backup-details");
            moderator.find("backup-verify");
            assertThat(moderator.all("backup-restore")).isEmpty();
            assertThat(moderator.all("backup-delete")).isEmpty();
            assertThat(moderator.all("backup-download")).isEmpty();
            assertThat(moderator.all("tab-restore")).isEmpty();

            moderator.console("backups/" + backup() + "/contents");
            moderator.find("contents-summary");
            assertThat(moderator.all("contents-restore")).isEmpty();
            assertThat(moderator.all("open-folder")).isNotEmpty();
            assertThat(moderator.all("restore-this")).isEmpty();
        }
    }

    /** Between two polls of a running backup (a pause, not a timed assertion). */
    static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void openFolder(String path) {
        admin.click(By.cssSelector("[data-testid='open-folder'][data-path='" + path + "']"));
        admin.find(By.cssSelector("[data-testid='crumb'][data-path='" + path + "']"));
    }

    static By fileRow(String path) {
        return By.cssSelector("[data-testid='contents-file'][data-path='" + path + "']");
    }

    /** The backup the first test made; made through the API when that test did not get so far. */
    static String backup() {
        if (backupId == null) {
            var api = Api.as(Role.ADMIN, SERVER);
            var created = api.post(
                    "/api/v1/backups/create",
                    "{\"backup_type\":\"manual\",\"include_volumes\":[\"" + volume + "\"],\"description\":\""
                            + description + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            var id = created.json().get("backup_id").asText();
            JsonNode backup;
            var deadline = System.nanoTime() + BACKUP_TIMEOUT.toNanos();
            while ((backup = api.get("/api/v1/backups/" + id).json())
                            .get("status")
                            .asText()
                            .equals("running")
                    && System.nanoTime() < deadline) {
                pause();
            }
            assertThat(backup.get("status").asText()).isEqualTo("completed");
            backupId = id;
        }
        return backupId;
    }
}
