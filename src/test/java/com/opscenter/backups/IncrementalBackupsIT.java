package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.config;
import static com.opscenter.backups.BackupFixtures.moderator;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incremental backups over HTTP against the PostgreSQL server (issue 16): the configuration that enables them, a
 * full backup and an increment on it with what each answer says of the chain, and what is refused.
 */
@ResourceLock(Locks.POSTGRES)
class IncrementalBackupsIT {

    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void defaults() {
        BackupFixtures.useDefaultCodec();
        putConfig("{\"incremental\":{\"enabled\":false,\"full_every_days\":7,\"full_every_increments\":30}}");
    }

    @AfterAll
    static void tidyUp() {
        putConfig("{\"incremental\":{\"enabled\":false,\"full_every_days\":7,\"full_every_increments\":30}}");
        // Newest first: an increment before what it depends on.
        for (int i = created.size() - 1; i >= 0; i--) {
            BackupFixtures.deleteQuietly(created.get(i));
        }
        BackupFixtures.removeCreatedFolders();
    }

    static Api.Response create(String volume, String mode) {
        var body = Api.JSON.createObjectNode();
        body.put("backup_type", "manual");
        body.putArray("include_volumes").add(volume);
        if (mode != null) {
            body.put("mode", mode);
        }
        var response = admin().post("/api/v1/backups/create", body.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        created.add(response.json().get("backup_id").asText());
        return response;
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    static JsonNode listed(String id) {
        var list = admin().get("/api/v1/backups");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return StreamSupport.stream(list.json().get("backups").spliterator(), false)
                .filter(b -> b.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not listed"));
    }

    static Path indexOf(JsonNode details) {
        return archiveOf(details).resolveSibling(details.get("id").asText() + ".index.jsonl.gz");
    }

    @Test
    void anIncrementOnAFullBackupHoldsOnlyWhatChangedAndNamesWhatItDependsOn() throws IOException {
        var configured = putConfig("{\"incremental\":{\"enabled\":true}}");
        assertThat(configured.get("incremental").get("enabled").asBoolean()).isTrue();
        assertThat(configured.get("incremental").get("full_every_days").asInt()).isEqualTo(7);
        assertThat(configured.get("incremental").get("full_every_increments").asInt())
                .isEqualTo(30);
        assertThat(config().get("incremental")).isEqualTo(configured.get("incremental"));
        var volume = BackupFixtures.newVolume("incremental");
        BackupFixtures.fillRandom(volume.path(), 8, 128 * 1024);

        var fullStarted = create(volume.name(), "full").json();
        assertThat(fullStarted.get("mode").asText()).isEqualTo("full");
        assertThat(fullStarted.get("mode_reason").isNull()).isTrue();
        var full = awaitFinished(fullStarted.get("backup_id").asText());
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("completed");
        assertThat(full.get("mode").asText()).isEqualTo("full");
        assertThat(full.get("base_id").isNull()).isTrue();
        assertThat(full.get("depends_on")).isEmpty();
        assertThat(full.get("chain_size_bytes").asLong())
                .isEqualTo(full.get("size").asLong());
        assertThat(indexOf(full)).isRegularFile();

        Files.writeString(volume.path().resolve("changed.txt"), "a new file after the full backup\n");
        var incrementStarted = create(volume.name(), "incremental").json();
        assertThat(incrementStarted.get("mode").asText())
                .as(incrementStarted.toString())
                .isEqualTo("incremental");
        assertThat(incrementStarted.get("mode_reason").isNull()).isTrue();
        var increment = awaitFinished(incrementStarted.get("backup_id").asText());

        var fullId = full.get("id").asText();
        assertThat(increment.get("status").asText()).as(increment.toString()).isEqualTo("completed");
        assertThat(increment.get("mode").asText()).isEqualTo("incremental");
        assertThat(increment.get("base_id").asText()).isEqualTo(fullId);
        assertThat(texts(increment.get("depends_on"))).contains(fullId);
        // Eight unchanged files of random content stay in the full backup's archive.
        assertThat(increment.get("size").asLong()).isLessThan(full.get("size").asLong() / 4);
        assertThat(increment.get("chain_size_bytes").asLong())
                .isEqualTo(increment.get("size").asLong() + full.get("size").asLong());
        assertThat(indexOf(increment)).isRegularFile();

        var summary = listed(increment.get("id").asText());
        assertThat(summary.get("mode").asText()).isEqualTo("incremental");
        assertThat(summary.get("base_id").asText()).isEqualTo(fullId);
        assertThat(texts(summary.get("depends_on"))).containsExactlyElementsOf(texts(increment.get("depends_on")));
        assertThat(summary.get("chain_size_bytes").asLong())
                .isEqualTo(increment.get("chain_size_bytes").asLong());
        assertThat(listed(fullId).get("mode").asText()).isEqualTo("full");

        // The index goes with its backup.
        assertThat(admin().delete("/api/v1/backups/" + increment.get("id").asText())
                        .status())
                .isEqualTo(200);
        assertThat(indexOf(increment)).doesNotExist();
        assertThat(indexOf(full)).isRegularFile();
    }

    @Test
    void anIncrementWithNothingToBuildOnIsAFullBackupThatSaysWhy() throws IOException {
        putConfig("{\"incremental\":{\"enabled\":true}}");
        var volume = BackupFixtures.smallVolume("first");

        // No mode: the configuration's default, an increment; there is nothing of this volume to build on.
        var started = create(volume.name(), null).json();

        assertThat(started.get("mode").asText()).isEqualTo("full");
        assertThat(started.get("mode_reason").asText()).contains("no completed backup");
        var done = awaitFinished(started.get("backup_id").asText());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("mode").asText()).isEqualTo("full");
    }

    @Test
    void aModeOtherThanFullOrIncrementalIs400AndStartsNothing() throws IOException {
        var volume = BackupFixtures.smallVolume("sideways");
        var before = admin().get("/api/v1/backups").json().get("backups").size();

        var response = admin().post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[\"" + volume.name()
                                + "\"],\"mode\":\"sideways\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("incremental");
        assertThat(admin().get("/api/v1/backups").json().get("backups").size()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"incremental\":{\"full_every_days\":0}}",
                "{\"incremental\":{\"full_every_days\":366}}",
                "{\"incremental\":{\"full_every_increments\":0}}",
                "{\"incremental\":{\"full_every_increments\":1001}}",
                "{\"incremental\":{\"enabled\":\"yes\"}}",
                "{\"incremental\":{\"full_every_days\":\"7\"}}",
                "{\"incremental\":{\"every_days\":7}}",
                "{\"incremental\":true}",
                "{\"incremental\":{\"enabled\":true,\"full_every_days\":0}}"
            })
    void incrementalSettingsOutOfRangeOrOfTheWrongTypeAre400AndChangeNothing(String body) {
        var before = config();

        var response = admin().put("/api/v1/backups/config", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("incremental");
        assertThat(config()).isEqualTo(before);
    }

    @Test
    void onlyAnAdminChangesTheIncrementalSettings() {
        var before = config();
        var body = "{\"incremental\":{\"enabled\":true,\"full_every_days\":3}}";

        var anonymous = Api.anonymous(BackupFixtures.SERVER).put("/api/v1/backups/config", body);
        var viewer = viewer().put("/api/v1/backups/config", body);
        var moderator = moderator().put("/api/v1/backups/config", body);

        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(viewer.status()).as(viewer.toString()).isEqualTo(403);
        assertThat(moderator.status()).as(moderator.toString()).isEqualTo(403);
        assertThat(config()).isEqualTo(before);
        // Reading it is for moderators as well.
        var read = moderator().get("/api/v1/backups/config");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("incremental")).isEqualTo(before.get("incremental"));
    }

    @Test
    void onlyAnAdminStartsAnIncrement() throws IOException {
        var volume = BackupFixtures.smallVolume("roles");
        var body =
                "{\"backup_type\":\"manual\",\"include_volumes\":[\"" + volume.name() + "\"],\"mode\":\"incremental\"}";

        assertThat(Api.anonymous(BackupFixtures.SERVER)
                        .post("/api/v1/backups/create", body)
                        .status())
                .isEqualTo(401);
        assertThat(viewer().post("/api/v1/backups/create", body).status()).isEqualTo(403);
        assertThat(moderator().post("/api/v1/backups/create", body).status()).isEqualTo(403);
    }
}
