package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.platform.control.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** offset and limit of GET /backups: absent means the whole list, bad values a 400 that names them. */
class BackupPageTest {

    @Test
    void withoutEitherTheListIsWhole() {
        assertThat(BackupPage.of(null, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {"0,1,0,1", "-,20,0,20", "40,-,40,100", "0,1000,0,1000", "2147483647,7,2147483647,7", " 3 ,5,3,5"})
    void eitherParameterMakesItOnePage(String offset, String limit, int expectedOffset, int expectedLimit) {
        assertThat(BackupPage.of(offset, limit)).contains(new BackupPage(expectedOffset, expectedLimit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-2147483648", "2147483648", "ten", "", "1.5", "99999999999999999999"})
    void aBadOffsetIsRefusedByName(String offset) {
        assertThatThrownBy(() -> BackupPage.of(offset, "10"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("offset must be a whole number, 0 or more")
                .extracting(e -> ((DomainException) e).kind())
                .isEqualTo(DomainException.Kind.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1001", "1000000", "all", " "})
    void aBadOrOversizedLimitIsRefusedNotCapped(String limit) {
        assertThatThrownBy(() -> BackupPage.of("0", limit))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("limit must be a whole number from 1 to 1000")
                .hasMessageContaining("leave offset and limit out for the whole list");
    }
}
