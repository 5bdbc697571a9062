package com.opscenter.backups.control;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Which archives are encrypted (the configuration's {@code encryption}: {@code none}, {@code cloud} for cloud
 * copies only, {@code all} for local archives and cloud copies) and with what key material ({@link
 * EncryptionSettings}). Public keys, when configured, are what new archives are encrypted for, so the key that
 * restores can be kept off this server; otherwise the passphrase. Reading tries every configured passphrase and
 * private key, so archives of a rotated-out key still open while that key is listed. Key files are read at each
 * use: a key replaced on disk takes effect without a restart.
 */
@ApplicationScoped
public class BackupEncryption {

    public static final String NONE = "none";
    public static final String CLOUD = "cloud";
    public static final String ALL = "all";
    public static final List<String> MODES = List.of(NONE, CLOUD, ALL);

    private EncryptionSettings settings;
    private Supplier<String> mode;

    /** For the container's client proxy only. */
    protected BackupEncryption() {}

    @Inject
    public BackupEncryption(@ConfigProperties EncryptionSettings settings, BackupConfigStore configs) {
        this(settings, () -> configs.current().encryption());
    }

    BackupEncryption(EncryptionSettings settings, Supplier<String> mode) {
        this.settings = settings;
        this.mode = mode;
    }

    /** The mode in force: {@code none}, {@code cloud} or {@code all}. */
    public String mode() {
        return mode.get();
    }

    /** Refuses (400) a mode that is not one of ours, or one whose key material is missing or unreadable. */
    public void requireUsable(String wanted) {
        if (!MODES.contains(wanted)) {
            throw new InvalidBackupRequest("encryption: must be one of none, cloud, all, not '" + clip(wanted) + "'");
        }
        if (wanted.equals(NONE)) {
            return;
        }
        try {
            forNewArchives();
        } catch (IOException e) {
            throw new InvalidBackupRequest("encryption: " + wanted + " needs key material: " + e.getMessage());
        }
    }

    /** What a new local archive is encrypted with: empty unless the mode is {@code all}. */
    public Optional<ArchiveEncryption> forLocalArchives() throws IOException {
        return ALL.equals(mode()) ? Optional.of(forNewArchives()) : Optional.empty();
    }

    /** What a cloud copy is encrypted with: empty when the mode is {@code none}. */
    public Optional<ArchiveEncryption> forCloudCopies() throws IOException {
        return NONE.equals(mode()) ? Optional.empty() : Optional.of(forNewArchives());
    }

    /** The configured public keys, or else the passphrase; an {@link IOException} says what is missing. */
    ArchiveEncryption forNewArchives() throws IOException {
        var publicKeys = files(settings.publicKeysFile);
        if (!publicKeys.isEmpty()) {
            return ArchiveEncryption.recipients(publicKeys);
        }
        var passphrases = passphrases();
        if (!passphrases.isEmpty()) {
            return ArchiveEncryption.passphrase(passphrases.get(0));
        }
        throw new IOException("set BACKUP_ENCRYPTION_PUBLIC_KEYS_FILE, BACKUP_ENCRYPTION_PASSPHRASE or"
                + " BACKUP_ENCRYPTION_PASSPHRASE_FILE");
    }

    /** Everything configured that may open an archive; unreadable key files are a 409 naming the file. */
    public ArchiveKeys keys() {
        try {
            return ArchiveKeys.of(passphrases(), files(settings.privateKeysFile), privateKeyPassphrase());
        } catch (IOException e) {
            throw new EncryptionKeyUnavailable("The configured decryption keys cannot be read: " + e.getMessage());
        }
    }

    /** The refusal a key error of the engine becomes: 409, naming key ids and what to configure. */
    public static EncryptionKeyUnavailable refused(String backupId, ArchiveKeyException e) {
        return new EncryptionKeyUnavailable("Backup " + backupId + " is encrypted and cannot be opened: "
                + e.getMessage() + ". Configure the key that opens it (BACKUP_ENCRYPTION_PASSPHRASE[_FILE], or"
                + " BACKUP_ENCRYPTION_PRIVATE_KEYS_FILE with BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE[_FILE])");
    }

    /** The passphrase, then the lines of the passphrase file (its first line current, the others earlier ones). */
    private List<String> passphrases() throws IOException {
        var all = new ArrayList<String>();
        settings.passphrase.filter(p -> !p.isEmpty()).ifPresent(all::add);
        var file = settings.passphraseFile.filter(f -> !f.isBlank());
        if (file.isPresent()) {
            for (var line : readSecret(Path.of(file.get().trim()), "BACKUP_ENCRYPTION_PASSPHRASE_FILE")) {
                if (!line.isEmpty()) {
                    all.add(line);
                }
            }
        }
        return all;
    }

    private String privateKeyPassphrase() throws IOException {
        var file = settings.privateKeyPassphraseFile.filter(f -> !f.isBlank());
        if (file.isPresent()) {
            var lines = readSecret(Path.of(file.get().trim()), "BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE");
            return lines.isEmpty() ? null : lines.get(0);
        }
        return settings.privateKeyPassphrase.orElse(null);
    }

    private static List<String> readSecret(Path file, String variable) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(variable + " names " + file + ", which is not a readable file");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<Path> files(Optional<String> commaSeparated) {
        return commaSeparated.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
    }

    private static String clip(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
