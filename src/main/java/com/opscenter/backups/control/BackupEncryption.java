package com.opscenter.backups.control;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.io.HashingOutputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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

    /** Names the temporary encrypted copy of an upload: {@code .<id>.cloud-<random>.tmp} (and {@code .json.tmp}). */
    static final String CLOUD_COPY_MARK = ".cloud-";

    /** The backup whose temporary encrypted cloud copy {@code fileName} is, or null for any other name. */
    static String cloudCopyBackupId(String fileName) {
        var mark = fileName.indexOf(CLOUD_COPY_MARK);
        if (!fileName.startsWith(".") || mark < 2 || !fileName.endsWith(".tmp")) {
            return null;
        }
        var id = fileName.substring(1, mark);
        return BackupIds.isValid(id) ? id : null;
    }

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

    /**
     * An encrypted copy of a local archive that is kept plain, for upload, with the sidecar that describes it
     * (archive name with .gpg, size and SHA-256 of the encrypted file, the encryption): two temporary files in the
     * backup folder, removed by {@link EncryptedCopy#close}. Empty when the copy goes as it is: the mode is
     * {@code none}, or the archive is encrypted already.
     */
    public Optional<EncryptedCopy> forUpload(Path archive, Path sidecarFile) throws IOException {
        var name = archive.getFileName().toString();
        if (name.endsWith(ArchiveFormat.ENCRYPTED_SUFFIX)) {
            return Optional.empty();
        }
        var encryption = forCloudCopies();
        if (encryption.isEmpty()) {
            return Optional.empty();
        }
        var folder = archive.toAbsolutePath().getParent();
        var sidecar = BackupSidecar.read(sidecarFile);
        Path encrypted = Files.createTempFile(folder, "." + sidecar.id() + CLOUD_COPY_MARK, ".tmp");
        Path encryptedSidecar = null;
        try {
            HashingOutputStream hashed;
            try (var out = Files.newOutputStream(encrypted);
                    var in = Files.newInputStream(archive)) {
                hashed = new HashingOutputStream(new BufferedOutputStream(out, 1 << 20));
                try (var sink = encryption.get().encrypt(hashed, name)) {
                    in.transferTo(sink);
                }
                hashed.flush();
            }
            var described = sidecar.withEncryptedArchive(
                    name + ArchiveFormat.ENCRYPTED_SUFFIX,
                    hashed.count(),
                    HexFormat.of().formatHex(hashed.digest()),
                    encryption.get().info());
            encryptedSidecar = Files.createTempFile(folder, "." + sidecar.id() + CLOUD_COPY_MARK, ".json.tmp");
            Files.writeString(encryptedSidecar, described.toJson(), StandardCharsets.UTF_8);
            return Optional.of(new EncryptedCopy(encrypted, encryptedSidecar, described));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(encrypted);
            if (encryptedSidecar != null) {
                Files.deleteIfExists(encryptedSidecar);
            }
            throw e;
        }
    }

    /** A cloud copy encrypted for upload: the archive and sidecar files, and what the sidecar says. */
    public record EncryptedCopy(Path archive, Path sidecarFile, BackupSidecar sidecar) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(sidecarFile);
        }
    }

    /** The configured public keys, or else the passphrase; an {@link IOException} says what is missing. */
    ArchiveEncryption forNewArchives() throws IOException {
        var publicKeys = files(settings.publicKeysFile);
        if (!publicKeys.isEmpty()) {
            return ArchiveEncryption.recipients(publicKeys);
        }
        var passphrases = passphrases(true);
        if (!passphrases.isEmpty()) {
            return ArchiveEncryption.passphrase(passphrases.get(0));
        }
        throw new IOException("set BACKUP_ENCRYPTION_PUBLIC_KEYS_FILE, BACKUP_ENCRYPTION_PASSPHRASE or"
                + " BACKUP_ENCRYPTION_PASSPHRASE_FILE");
    }

    /**
     * Everything configured that may open an archive. A configured file that is not there counts as not
     * configured (plain archives read as ever; an encrypted one is refused for want of its key); one that is there
     * but unreadable is a 409 naming the file.
     */
    public ArchiveKeys keys() {
        try {
            var privateKeys = files(settings.privateKeysFile).stream()
                    .filter(Files::isRegularFile)
                    .toList();
            return ArchiveKeys.of(passphrases(false), privateKeys, privateKeyPassphrase());
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
    private List<String> passphrases(boolean strict) throws IOException {
        var all = new ArrayList<String>();
        settings.passphrase.filter(p -> !p.isEmpty()).ifPresent(all::add);
        var file = settings.passphraseFile.filter(f -> !f.isBlank());
        if (file.isPresent() && (strict || Files.exists(Path.of(file.get().trim())))) {
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
        if (file.isPresent() && Files.exists(Path.of(file.get().trim()))) {
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
