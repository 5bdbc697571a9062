package com.opscenter.notify.control;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.cloud.control.CloudUploadFinished;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Mails the administrator about every finished backup. It runs on its own thread after the outcome is
 * committed; a mail server that is down or slow costs only a bounded number of bounded attempts, and is logged
 * and audited, never reflected in the backup.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());

    @Resource(lookup = "mail/opscenter")
    Session mailSession;

    @Inject
    @ConfigProperties
    MailSettings settings;

    @Inject
    Event<AuditEvent> audit;

    void backupFinished(@ObservesAsync BackupFinished backup) {
        if (settings.enabled()) {
            deliver(BackupMail.of(backup), backup.backupId());
        }
    }

    /** A scheduled backup that could not start is a failed backup to the administrator, though none exists. */
    void scheduledBackupNotStarted(@ObservesAsync ScheduledBackupNotStarted run) {
        if (settings.enabled()) {
            deliver(BackupMail.ofNotStarted(run), run.scheduledFor().toString());
        }
    }

    /**
     * A failed upload is mailed on its first failure and when it is given up, not on every retry in between:
     * one outage should not flood the administrator.
     */
    void cloudUploadFinished(@ObservesAsync CloudUploadFinished upload) {
        if (settings.enabled() && !upload.succeeded() && (upload.attempt() <= 1 || upload.finalFailure())) {
            deliver(BackupMail.ofCloudFailure(upload), upload.backupId());
        }
    }

    private void deliver(BackupMail mail, String backupId) {
        String lastError = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                send(mail);
                audit.fire(AuditEvent.bySystem(
                        "notify.mail",
                        backupId,
                        AuditOutcome.SUCCESS,
                        mail.subject() + " to " + settings.adminEmail()));
                return;
            } catch (MessagingException | RuntimeException e) {
                lastError = e.getMessage();
                var failed = attempt;
                var reason = lastError;
                LOG.warning(() -> "Mail about backup " + backupId + " failed (attempt " + failed + "): " + reason);
                if (attempt < settings.attempts()
                        && !pause(settings.retryDelay().toMillis() * attempt)) {
                    break;
                }
            }
        }
        audit.fire(AuditEvent.bySystem(
                "notify.mail",
                backupId,
                AuditOutcome.FAILURE,
                "Could not send \"" + mail.subject() + "\": " + lastError));
    }

    private void send(BackupMail mail) throws MessagingException {
        var message = new MimeMessage(mailSession);
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(settings.adminEmail()));
        message.setSubject(mail.subject(), "UTF-8");
        message.setText(mail.body(), "UTF-8");
        message.setSentDate(new Date());
        Transport.send(message);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
