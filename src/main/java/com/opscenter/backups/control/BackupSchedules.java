package com.opscenter.backups.control;

import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.backups.entity.BackupSchedule;
import com.opscenter.cron.CronExpression;
import com.opscenter.cron.InvalidCronExpressionException;
import com.opscenter.retention.KeepPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The named backup schedules. {@code default} is the spec's configuration (changed through
 * {@link BackupConfigEditor}, so both endpoints edit one row); the others are rows of their own. Every change is
 * validated whole before anything is stored, and announced so the timers follow at once.
 */
@ApplicationScoped
public class BackupSchedules {

    /** Each schedule arms its own timers; far more than any installation needs is a mistake. */
    public static final int MAX_SCHEDULES = 100;

    public static final int NAME_LENGTH = 64;
    /** The path of the cron preview beside the schedules. */
    public static final String RESERVED_NAME = "next-runs";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_RETENTION_DAYS = 36500;

    private BackupScheduleStore store;
    private BackupConfigStore configs;
    private BackupConfigEditor configEditor;
    private BackupSources sources;
    private BackupReach reach;
    private Event<BackupConfigChanged> changed;
    private Clock clock;

    /** The cloud feature's targets, to check the names a schedule copies to; absent in unit tests. */
    @Inject
    jakarta.enterprise.inject.Instance<CloudTargetNames> cloudTargetNames;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected BackupSchedules() {}

    @Inject
    public BackupSchedules(
            BackupScheduleStore store,
            BackupConfigStore configs,
            BackupConfigEditor configEditor,
            BackupSources sources,
            @ConfigProperties BackupSettings settings,
            Event<BackupConfigChanged> changed,
            Clock clock) {
        this.store = store;
        this.configs = configs;
        this.configEditor = configEditor;
        this.sources = sources;
        this.reach = settings.reach();
        this.changed = changed;
        this.clock = clock;
    }

    /** A new schedule, or a change to one: null fields take their default, or keep their value. */
    public record Input(
            Boolean enabled,
            String cron,
            String timezone,
            List<String> volumes,
            List<String> paths,
            String compression,
            Integer compressionLevel,
            String mode,
            Integer keepLast,
            Integer keepHourly,
            Integer keepDaily,
            Integer keepWeekly,
            Integer keepMonthly,
            Integer keepYearly,
            Integer retentionDays,
            List<String> cloudTargets) {}

    /** {@code default} first, then the others by name. */
    public List<Schedule> all() {
        var all = new ArrayList<Schedule>();
        all.add(Schedule.of(configs.current()));
        store.all().forEach(row -> all.add(Schedule.of(row)));
        return all;
    }

    public Optional<Schedule> find(String name) {
        if (Schedule.DEFAULT.equals(name)) {
            return Optional.of(Schedule.of(configs.current()));
        }
        return store.find(name).map(Schedule::of);
    }

    public Schedule get(String name) {
        return find(name).orElseThrow(() -> new ScheduleNotFound(name));
    }

    public Schedule create(String name, Input input) {
        requireName(name);
        if (Schedule.DEFAULT.equals(name) || store.find(name).isPresent()) {
            throw new ScheduleConflict("A schedule named '" + name + "' exists already; change it with PUT");
        }
        if (store.count() + 1 >= MAX_SCHEDULES) {
            throw new ScheduleConflict("At most " + MAX_SCHEDULES + " schedules; delete one first");
        }
        if (input.cron() == null) {
            throw new InvalidBackupRequest("cron: is required");
        }
        var config = configs.current();
        var base = new Schedule(
                name,
                true,
                null,
                config.timezone(),
                null,
                null,
                config.codec(),
                config.codecLevel(),
                Schedule.FULL,
                KeepPolicy.NONE,
                0,
                null);
        var schedule = merge(base, input);
        var row = new BackupSchedule(name);
        write(row, schedule);
        if (!store.create(row)) {
            throw new ScheduleConflict("A schedule named '" + name + "' exists already; change it with PUT");
        }
        announce(schedule);
        return schedule;
    }

    public Schedule update(String name, Input input) {
        if (Schedule.DEFAULT.equals(name)) {
            return updateDefault(input);
        }
        var current = store.find(name).map(Schedule::of).orElseThrow(() -> new ScheduleNotFound(name));
        var schedule = merge(current, input);
        store.update(name, row -> write(row, schedule)).orElseThrow(() -> new ScheduleNotFound(name));
        announce(schedule);
        return schedule;
    }

    /** Its backups stay: retention of a schedule that no longer exists removes none of them. */
    public void delete(String name) {
        if (Schedule.DEFAULT.equals(name)) {
            throw new ScheduleConflict("The default schedule is the backup configuration and cannot be deleted;"
                    + " switch it off with enabled false");
        }
        if (!store.delete(name)) {
            throw new ScheduleNotFound(name);
        }
        changed.fire(new BackupConfigChanged(false, null));
    }

    /**
     * The default schedule is the configuration: its fields go through the configuration's own checks, the keep
     * counts and mode through the same ones as any schedule's.
     */
    private Schedule updateDefault(Input input) {
        var current = Schedule.of(configs.current());
        requireMode(input.mode());
        if (input.cloudTargets() != null) {
            throw new InvalidBackupRequest("cloud_targets: the default schedule is the backup configuration and copies"
                    + " to every configured target; give another schedule its own targets");
        }
        var keep = keep(current, input);
        var retentionDays = input.retentionDays() == null ? current.retentionDays() : input.retentionDays();
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            // The spec's configuration holds retention_days of 1 or more.
            throw new InvalidBackupRequest(
                    "retention_days: must be between 1 and " + MAX_RETENTION_DAYS + " for the default schedule");
        }
        if (input.volumes() != null) {
            requireVolumeNames(input.volumes());
        }
        var updated = configEditor.update(new BackupConfigEditor.Change(
                input.enabled(),
                input.cron(),
                input.retentionDays(),
                null,
                input.paths(),
                null,
                input.compression(),
                input.compressionLevel(),
                input.timezone(),
                input.volumes(),
                null,
                keep,
                null,
                // The default schedule's mode is the configuration's incremental.enabled.
                input.mode() == null
                        ? null
                        : new BackupConfigEditor.Incremental(Schedule.INCREMENTAL.equals(input.mode()), null, null)));
        return Schedule.of(updated);
    }

    /** The whole schedule as it will be stored, every field checked. */
    Schedule merge(Schedule current, Input input) {
        var cron = input.cron() == null ? current.cron() : input.cron().trim();
        requireCron(cron);
        var timezone = input.timezone() == null ? current.timezone() : input.timezone();
        requireZone(timezone);
        var volumes = current.volumes();
        if (input.volumes() != null) {
            requireVolumeNames(input.volumes());
            // As the configuration's include_volumes: an empty list means every volume.
            volumes = input.volumes().isEmpty() ? null : List.copyOf(input.volumes());
            if (volumes != null) {
                sources.select(volumes, List.of());
            }
        }
        var paths = current.paths();
        if (input.paths() != null) {
            paths = paths(input.paths());
        }
        var codec = current.codec();
        var level = current.level();
        if (input.compression() != null) {
            codec = BackupConfigEditor.codec(input.compression());
            level = codec.defaultLevel();
        }
        if (input.compressionLevel() != null) {
            level = input.compressionLevel();
        }
        BackupConfigEditor.requireUsableLevel(codec, level);
        requireMode(input.mode());
        var keep = keep(current, input);
        var retentionDays = input.retentionDays() == null ? current.retentionDays() : input.retentionDays();
        if (retentionDays < 0 || retentionDays > MAX_RETENTION_DAYS) {
            throw new InvalidBackupRequest(
                    "retention_days: must be between 0 and " + MAX_RETENTION_DAYS + " (0: only the keep_* counts)");
        }
        if (retentionDays == 0 && keep.isEmpty()) {
            throw new InvalidBackupRequest("retention_days: set retention_days or at least one keep_* count; a"
                    + " schedule without either would keep its backups forever");
        }
        var enabled = input.enabled() == null ? current.enabled() : input.enabled();
        var cloudTargets = input.cloudTargets() == null ? current.cloudTargets() : cloudTargets(input.cloudTargets());
        return new Schedule(
                current.name(),
                enabled,
                cron,
                timezone,
                volumes,
                paths,
                codec,
                level,
                input.mode() == null ? current.mode() : input.mode(),
                keep,
                retentionDays,
                cloudTargets);
    }

    /**
     * The next {@code count} times a schedule with this cron and time zone would run, after now; checked and computed
     * exactly as a schedule's (a null time zone is the one a new schedule gets: the configuration's).
     */
    public NextRuns nextRuns(String cron, String timezone, int count) {
        if (count < 1 || count > NextRuns.MAX_COUNT) {
            throw new InvalidBackupRequest("count: must be 1 to " + NextRuns.MAX_COUNT + ", not " + count);
        }
        if (cron == null) {
            throw new InvalidBackupRequest("cron: is required");
        }
        var trimmed = cron.trim();
        var expression = requireCron(trimmed);
        var zoneName = timezone == null ? configs.current().timezone() : timezone;
        var zone = requireZone(zoneName);
        var runs = new ArrayList<Instant>(count);
        var at = ZonedDateTime.now(clock.withZone(zone));
        for (int i = 0; i < count; i++) {
            at = expression.next(at);
            runs.add(at.toInstant());
        }
        return new NextRuns(trimmed, zoneName, List.copyOf(runs));
    }

    /** A cron expression and the times it fires next, in order. */
    public record NextRuns(String cron, String timezone, List<Instant> times) {
        public static final int DEFAULT_COUNT = 5;
        public static final int MAX_COUNT = 20;
    }

    private static CronExpression requireCron(String cron) {
        BackupConfigEditor.requireFits("cron", cron, BackupConfig.SCHEDULE_LENGTH);
        try {
            return CronExpression.parse(cron);
        } catch (InvalidCronExpressionException e) {
            throw new InvalidBackupRequest("cron: " + e.getMessage());
        }
    }

    private static ZoneId requireZone(String timezone) {
        BackupConfigEditor.requireFits("timezone", timezone, BackupConfig.TIMEZONE_LENGTH);
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidBackupRequest(
                    "timezone: unknown time zone " + timezone + "; use a region such as UTC or Europe/Berlin");
        }
    }

    /**
     * Names of configured cloud targets, each once; checked against the targets the cloud feature has, when it is
     * there to ask (a name that matches no target would leave the schedule's backups without the copy it expects).
     */
    private List<String> cloudTargets(List<String> names) {
        BackupConfigEditor.requireListFits("cloud_targets", names);
        var known = cloudTargetNames == null || cloudTargetNames.isUnsatisfied()
                ? null
                : cloudTargetNames.get().cloudTargetNames();
        var out = new ArrayList<String>();
        for (var raw : names) {
            var name = raw == null ? "" : raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (known != null && !known.contains(name)) {
                throw new InvalidBackupRequest("cloud_targets: '" + raw + "' is not a configured cloud target"
                        + (known.isEmpty()
                                ? "; cloud backup is not configured"
                                : "; known: " + String.join(", ", known)));
            }
            if (name.isEmpty() || out.contains(name)) {
                throw new InvalidBackupRequest("cloud_targets: names must be given once each and not be empty");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private List<String> paths(List<String> paths) {
        BackupConfigEditor.requireListFits("paths", paths);
        var location = Path.of(configs.current().backupLocation());
        for (var path : paths) {
            var include = BackupConfigEditor.absolute("paths", path);
            try {
                reach.requireIncludePath(include, location);
            } catch (InvalidBackupRequest e) {
                throw new InvalidBackupRequest("paths: " + e.getMessage());
            }
            if (!java.nio.file.Files.isDirectory(include) || !java.nio.file.Files.isReadable(include)) {
                throw new InvalidBackupRequest("paths: " + include + " is not a readable folder");
            }
        }
        return List.copyOf(paths);
    }

    private static void requireVolumeNames(List<String> volumes) {
        BackupConfigEditor.requireListFits("volumes", volumes);
        if (volumes.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 255)) {
            throw new InvalidBackupRequest("volumes: names are 1 to 255 characters");
        }
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void requireName(String name) {
        if (!isValidName(name)) {
            throw new InvalidBackupRequest("name: 1 to " + NAME_LENGTH + " characters of a-z, 0-9, '-' and '_',"
                    + " starting with a letter or digit");
        }
        if (RESERVED_NAME.equals(name)) {
            // GET /schedules/next-runs is the cron preview; a schedule of that name could not be read by name.
            throw new InvalidBackupRequest("name: '" + RESERVED_NAME + "' is reserved for the cron preview");
        }
    }

    /**
     * {@code full} or {@code incremental}: an incremental schedule stores what changed since the newest backup of
     * the same volumes and paths, with a full one as often as the configuration's incremental settings say.
     */
    static void requireMode(String mode) {
        if (mode != null && !BackupJobs.MODES.contains(mode)) {
            throw new InvalidBackupRequest("mode: must be full or incremental");
        }
    }

    private static KeepPolicy keep(Schedule current, Input input) {
        var keep = current.keep();
        int[] counts = {
            or(input.keepLast(), keep.last(), "keep_last"),
            or(input.keepHourly(), keep.hourly(), "keep_hourly"),
            or(input.keepDaily(), keep.daily(), "keep_daily"),
            or(input.keepWeekly(), keep.weekly(), "keep_weekly"),
            or(input.keepMonthly(), keep.monthly(), "keep_monthly"),
            or(input.keepYearly(), keep.yearly(), "keep_yearly")
        };
        return Schedule.keep(counts);
    }

    private static int or(Integer given, int current, String field) {
        if (given == null) {
            return current;
        }
        if (given < 0 || given > KeepPolicy.MAX_COUNT) {
            throw new InvalidBackupRequest(field + ": must be between 0 and " + KeepPolicy.MAX_COUNT);
        }
        return given;
    }

    private void write(BackupSchedule row, Schedule schedule) {
        row.set(
                schedule.enabled(),
                schedule.cron(),
                schedule.timezone(),
                schedule.volumes(),
                schedule.paths(),
                schedule.codec(),
                schedule.level(),
                schedule.mode(),
                Schedule.counts(schedule.keep()),
                schedule.retentionDays(),
                schedule.cloudTargets(),
                clock.instant());
    }

    private void announce(Schedule schedule) {
        changed.fire(new BackupConfigChanged(schedule.enabled(), schedule.cron()));
    }
}
