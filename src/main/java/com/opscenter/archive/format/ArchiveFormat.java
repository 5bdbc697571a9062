package com.opscenter.archive.format;

import com.opscenter.archive.Codec;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The archive format in one place. A backup is two files in the backup folder:
 *
 * <ul>
 *   <li>{@code <id><extension>}: a POSIX/PAX tar (UTF-8 names, PAX headers for long or non-ASCII names, big sizes
 *       and sub-second mtimes), compressed by its {@link Codec} ({@code .tar.gz}, {@code .tar.zst}, ...). Entries
 *       are the sources in walk order under their prefix ({@code volumes/<name>/...}, {@code paths/...}), dumps under
 *       {@link #DUMPS_PREFIX}; names
 *       starting with {@link #RESERVED_PREFIX} are ours, and the last entry is always the {@link #MANIFEST_NAME
 *       manifest} (see {@link Manifest}).
 *   <li>{@code <id>.json}: the {@link BackupSidecar sidecar}, what a catalog needs to know without opening the
 *       archive.
 * </ul>
 *
 * <p>Ids look like {@code backup-YYYYMMDD-HHMMSS[-n]}. Both the manifest and the sidecar carry a version number;
 * readers accept every version up to the one below and refuse newer ones by name.
 */
public final class ArchiveFormat {

    /** Entries under this prefix belong to the format, never to the backed-up data. */
    public static final String RESERVED_PREFIX = ".ops-center/";

    /** The manifest: JSON Lines, the last entry of every archive. */
    public static final String MANIFEST_NAME = RESERVED_PREFIX + "manifest.jsonl";

    /**
     * The newest manifest version read ({@code manifest_version} of the header line). Version 2 adds the entry
     * type {@code fifo}; version 3 adds entries under {@link #DUMPS_PREFIX}; version 4 is an increment's, whose
     * files may be held by earlier backups ({@code from}, see {@link ManifestEntry}). An archive is written with the lowest
     * version that describes it (one without a FIFO or a dump is still version 1), so older servers read it; one
     * they would misread, they refuse by its version.
     */
    public static final int MANIFEST_VERSION = 4;

    /** The manifest version of an archive that holds no FIFO and no dump. */
    public static final int MANIFEST_VERSION_WITHOUT_FIFOS = 1;

    /** The manifest version of an archive that holds a FIFO and no dump. */
    public static final int MANIFEST_VERSION_WITH_FIFOS = 2;

    /** The manifest version of an archive that holds a dump. */
    public static final int MANIFEST_VERSION_WITH_DUMPS = 3;

    /**
     * The manifest version of an increment: files whose content an earlier backup holds are listed with
     * {@code from} and have no entry in the archive. Older servers refuse it by this number rather than read an
     * increment as a whole tree.
     */
    public static final int MANIFEST_VERSION_INCREMENTAL = 4;

    /**
     * Standard output of a dump command run in a container ({@code dumps/<container>.<ext>}, such as
     * {@code dumps/db.sql}): data of the backup, but of no volume, so a restore of a volume never writes it and a
     * restore into a folder brings it out next to {@code volumes/}.
     */
    public static final String DUMPS_PREFIX = "dumps/";

    /**
     * The newest sidecar version read ({@code format_version}). Version 2 is an increment's (it carries
     * {@code incremental}); a full backup's sidecar is still written as version 1, so older servers keep reading
     * it, and refuse an increment's by its version instead of restoring part of a tree.
     */
    public static final int SIDECAR_VERSION = 2;

    /** The sidecar version of a full backup. */
    public static final int SIDECAR_VERSION_FULL = 1;

    /** The sidecar version of an increment. */
    public static final int SIDECAR_VERSION_INCREMENTAL = 2;

    public static final String SIDECAR_SUFFIX = ".json";

    private static final Pattern VALID_ID = Pattern.compile("backup-\\d{8}-\\d{6}(-[1-9]\\d{0,5})?");

    private ArchiveFormat() {}

    /** Whether {@code id} has the shape of a backup id; ids become file names, so they are checked. */
    public static boolean isValidId(String id) {
        return id != null && VALID_ID.matcher(id).matches();
    }

    /** The archive's file name, and its key in a bucket after the prefix: the id and the codec's extension. */
    public static String archiveName(String id, Codec codec) {
        return id + codec.extension();
    }

    /** The archive's file name, with {@code .gpg} when it is encrypted ({@code backup-...tar.zst.gpg}). */
    public static String archiveName(String id, Codec codec, boolean encrypted) {
        return archiveName(id, codec) + (encrypted ? ENCRYPTED_SUFFIX : "");
    }

    /** Every name an archive of this backup can have: each codec, plain and encrypted. */
    public static java.util.List<String> archiveNames(String id) {
        var names = new java.util.ArrayList<String>();
        for (Codec codec : Codec.values()) {
            names.add(archiveName(id, codec));
            names.add(archiveName(id, codec, true));
        }
        return names;
    }

    /** The suffix of an encrypted archive, an OpenPGP message that {@code gpg --decrypt} opens. */
    public static final String ENCRYPTED_SUFFIX = ".gpg";

    public static Path archivePath(Path backupDir, String id, Codec codec) {
        return backupDir.resolve(archiveName(id, codec));
    }

    public static Path sidecarPath(Path backupDir, String id) {
        return backupDir.resolve(id + SIDECAR_SUFFIX);
    }

    /** The archive while it is written; renamed to {@link #archivePath} once complete and on disk. */
    public static Path tempArchivePath(Path backupDir, String id) {
        return backupDir.resolve(id + ".tmp");
    }

    /**
     * The local index of a backup, {@code <id>.index.jsonl.gz}: its manifest with what the next increment compares
     * ({@link Manifest#indexLine}), gzip-compressed. Kept next to the archive and never uploaded (it names every
     * file in the clear); a backup without one is rebuilt from its archive's manifest or is not used as a base.
     */
    public static Path indexPath(Path backupDir, String id) {
        return backupDir.resolve(id + INDEX_SUFFIX);
    }

    public static final String INDEX_SUFFIX = ".index.jsonl.gz";

    /** The index while it is written, renamed to {@link #indexPath} with the archive. */
    public static Path tempIndexPath(Path backupDir, String id) {
        return backupDir.resolve(id + ".index.tmp");
    }

    /** The manifest while it is collected, before it is appended as the archive's last entry. */
    public static Path tempManifestPath(Path backupDir, String id) {
        return backupDir.resolve(id + ".manifest.tmp");
    }

    /**
     * The backup id of a temporary file the engine writes in the backup folder ({@link #tempArchivePath},
     * {@link #tempManifestPath}, {@link #tempIndexPath}, the sidecar's {@code <id>.json.tmp}), or null for any other name.
     */
    public static String temporaryFileId(String fileName) {
        for (String suffix : new String[] {".manifest.tmp", ".index.tmp", SIDECAR_SUFFIX + ".tmp", ".tmp"}) {
            if (fileName.endsWith(suffix)) {
                String id = fileName.substring(0, fileName.length() - suffix.length());
                if (isValidId(id)) {
                    return id;
                }
            }
        }
        return null;
    }

    /** Refuses a version newer than this code reads, naming it, so an old server does not misread a new file. */
    static void requireKnownVersion(String what, long version, int newestKnown) {
        if (version < 1 || version > newestKnown) {
            throw new UnsupportedVersionException(what + " version " + version + " is not supported: this version of"
                    + " Ops-Center reads versions 1 to " + newestKnown);
        }
    }
}
