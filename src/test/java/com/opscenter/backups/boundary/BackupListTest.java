package com.opscenter.backups.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupListTest {

    /** A list of backups that refuses to be hashed, as a page of 10,000 should never be for each write. */
    static final class Unhashable extends AbstractList<BackupSummary> {
        @Override
        public BackupSummary get(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            return 10_000;
        }

        @Override
        public int hashCode() {
            throw new AssertionError("the whole list was hashed");
        }
    }

    @Test
    void hashingAListDoesNotWalkItsBackups() {
        var list = new BackupList(true, "0 2 * * *", null, null, "/backups", 30, new Unhashable(), List.of());

        assertThat(list.hashCode())
                .isEqualTo(new BackupList(false, "", null, null, "/", 1, new Unhashable(), List.of()).hashCode());
    }
}
