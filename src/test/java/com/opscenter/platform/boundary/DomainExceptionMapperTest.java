package com.opscenter.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.backups.control.ArchiveMissing;
import com.opscenter.backups.control.BackupAlreadyLocal;
import com.opscenter.backups.control.BackupInUse;
import com.opscenter.backups.control.BackupNotFound;
import com.opscenter.backups.control.BackupRunning;
import com.opscenter.backups.control.BackupWithoutArchive;
import com.opscenter.backups.control.InvalidBackupRequest;
import com.opscenter.backups.control.RestoreConflict;
import com.opscenter.backups.control.VolumeUnknown;
import com.opscenter.cloud.control.CloudBackupNotFound;
import com.opscenter.cloud.control.CloudDisabledException;
import com.opscenter.cloud.control.CloudFailure;
import com.opscenter.cloud.control.InvalidCloudRequest;
import com.opscenter.cloud.control.NotEnoughSpace;
import com.opscenter.cloud.control.UploadInProgress;
import com.opscenter.platform.control.DomainException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each domain refusal answers with the status the API gave before domain exceptions, and the spec's body. */
class DomainExceptionMapperTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new BackupNotFound("Backup b not found"), 404),
                Arguments.of(new CloudBackupNotFound("Backup b not found in the cloud"), 404),
                Arguments.of(new InvalidBackupRequest("restore_path must be a path"), 400),
                Arguments.of(new VolumeUnknown("Unknown volume(s): x"), 400),
                Arguments.of(new InvalidCloudRequest("direction must be upload or download"), 400),
                Arguments.of(new BackupRunning("Backup b is still running"), 409),
                Arguments.of(new BackupInUse("Backup b is in use (restoring)"), 409),
                Arguments.of(new BackupWithoutArchive("Backup b is failed and has no archive"), 409),
                Arguments.of(new BackupAlreadyLocal("Backup b is already in the local catalog"), 409),
                Arguments.of(new RestoreConflict("restore_path /r exists and is not empty"), 409),
                Arguments.of(new UploadInProgress("Backup b is being uploaded"), 409),
                Arguments.of(new CloudDisabledException(), 409),
                Arguments.of(new ArchiveMissing("The archive of backup b is missing from /b (status missing)"), 410),
                Arguments.of(new NotEnoughSpace("Not enough space in /b for backup b"), 507),
                Arguments.of(new CloudFailure("Uploading b: the S3 endpoint x is unreachable", false), 502),
                Arguments.of(new CloudFailure("Uploading b: bucket x does not exist", true), 502),
                Arguments.of(new CloudFailure("Cloud backup is misconfigured: no bucket", true), 503));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void eachRefusalKeepsItsStatusAndSaysWhy(DomainException refusal, int status) {
        assertThat(DomainExceptionMapper.status(refusal.kind())).isEqualTo(status);
        assertThat(DomainExceptionMapper.body(refusal)).isEqualTo(new ErrorResponse(refusal.getMessage()));
    }

    @org.junit.jupiter.api.Test
    void aLimitRefusalAnswers429WithRetryAfterInWholeSeconds() {
        var refusal = new com.opscenter.platform.control.WorkLimitReached(
                DomainException.Kind.BUSY, "Too many backup verifications at once", java.time.Duration.ofMillis(1500));

        org.assertj.core.api.Assertions.assertThat(DomainExceptionMapper.status(refusal.kind()))
                .isEqualTo(429);
        org.assertj.core.api.Assertions.assertThat(DomainExceptionMapper.retryAfter(refusal))
                .contains(2L);
        org.assertj.core.api.Assertions.assertThat(DomainExceptionMapper.body(refusal))
                .isEqualTo(new ErrorResponse("Too many backup verifications at once"));
    }

    @org.junit.jupiter.api.Test
    void otherRefusalsSayNothingAboutRetrying() {
        org.assertj.core.api.Assertions.assertThat(
                        DomainExceptionMapper.retryAfter(new BackupRunning("Backup b is still running")))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindIsAnErrorStatus(DomainException.Kind kind) {
        assertThat(DomainExceptionMapper.status(kind)).isBetween(400, 599);
    }

    static Stream<DomainException.Kind> kinds() {
        return Arrays.stream(DomainException.Kind.values());
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void bodyIsTheOneErrorShape(DomainException refusal, int status) {
        assertThat(Arrays.stream(ErrorResponse.class.getRecordComponents())
                        .map(c -> c.getName())
                        .toList())
                .containsExactly("detail");
        assertThat(DomainExceptionMapper.body(refusal).detail()).isNotBlank().doesNotContain("Exception");
    }
}
