package com.opscenter.backups.control;

import com.opscenter.backups.entity.BackupSchedule;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The named schedules' rows, held in memory for unit tests. */
public class InMemoryScheduleStore extends BackupScheduleStore {

    final TreeMap<String, BackupSchedule> rows = new TreeMap<>();

    @Override
    public List<BackupSchedule> all() {
        return List.copyOf(rows.values());
    }

    @Override
    public Optional<BackupSchedule> find(String name) {
        return Optional.ofNullable(rows.get(name));
    }

    @Override
    public long count() {
        return rows.size();
    }

    @Override
    public boolean create(BackupSchedule schedule) {
        return rows.putIfAbsent(schedule.name(), schedule) == null;
    }

    @Override
    public Optional<BackupSchedule> update(String name, Consumer<BackupSchedule> change) {
        var row = rows.get(name);
        if (row != null) {
            change.accept(row);
        }
        return Optional.ofNullable(row);
    }

    @Override
    public boolean delete(String name) {
        return rows.remove(name) != null;
    }
}
