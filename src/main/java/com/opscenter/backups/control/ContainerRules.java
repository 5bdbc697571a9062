package com.opscenter.backups.control;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the labels of a container ask of a backup of the volumes it mounts, read at backup time. Ours, and
 * offen/docker-volume-backup's as aliases, so containers labelled for it need no change (ours win where both are
 * set):
 *
 * <ul>
 *   <li>{@value #STOP} / {@value #OFFEN_STOP}{@code =true}: stopped while its volumes are read, started after;
 *   <li>{@value #PAUSE}{@code =true}: paused instead (stop wins when both are set);
 *   <li>{@value #PRE} / {@value #OFFEN_PRE} and {@value #POST} / {@value #OFFEN_POST}: {@code sh -c} commands run
 *       in it before and after its volumes are read;
 *   <li>{@value #DUMP}: a command whose standard output is stored as {@code dumps/<container>.<ext>}, the extension
 *       from {@value #DUMP_EXT} ({@value #DEFAULT_DUMP_EXT} by default: the usual dump is SQL).
 * </ul>
 */
public record ContainerRules(Quiesce quiesce, String pre, String post, String dump, String dumpExtension) {

    public static final String STOP = "ops-center.backup.stop";
    public static final String PAUSE = "ops-center.backup.pause";
    public static final String PRE = "ops-center.backup.pre";
    public static final String POST = "ops-center.backup.post";
    public static final String DUMP = "ops-center.backup.dump";
    public static final String DUMP_EXT = "ops-center.backup.dump-ext";
    public static final String OFFEN_STOP = "docker-volume-backup.stop-during-backup";
    public static final String OFFEN_PRE = "docker-volume-backup.archive-pre";
    public static final String OFFEN_POST = "docker-volume-backup.archive-post";
    public static final String DEFAULT_DUMP_EXT = "sql";

    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.]{0,15}");

    /** What a backup does to a running container while its volumes are read. */
    public enum Quiesce {
        NONE,
        STOP,
        PAUSE
    }

    public static ContainerRules of(Map<String, String> labels) {
        var quiesce = isTrue(labels, STOP) || isTrue(labels, OFFEN_STOP)
                ? Quiesce.STOP
                : isTrue(labels, PAUSE) ? Quiesce.PAUSE : Quiesce.NONE;
        var ext = text(labels, DUMP_EXT);
        return new ContainerRules(
                quiesce,
                first(text(labels, PRE), text(labels, OFFEN_PRE)),
                first(text(labels, POST), text(labels, OFFEN_POST)),
                text(labels, DUMP),
                ext == null ? DEFAULT_DUMP_EXT : ext);
    }

    /** Whether the labels ask anything of a backup. */
    public boolean anything() {
        return quiesce != Quiesce.NONE || pre != null || post != null || dump != null;
    }

    /**
     * The dump's file name, {@code <container>.<ext>}; null when the extension is unusable (then the dump is refused
     * by name rather than written under a name the archive cannot hold).
     */
    public String dumpFileName(String container) {
        if (!EXTENSION.matcher(dumpExtension).matches()) {
            return null;
        }
        return container.replaceAll("[^A-Za-z0-9._-]", "_") + "." + dumpExtension;
    }

    private static boolean isTrue(Map<String, String> labels, String key) {
        var value = labels.get(key);
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    private static String text(Map<String, String> labels, String key) {
        var value = labels.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
