package com.opscenter.it;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The real SMTP server (GreenMail) the test servers' SMTP_PORT (it.smtp.port) points at. */
public final class TestSmtp {

    private TestSmtp() {}

    /**
     * The mails received so far that name this backup, and not those of a backup started in the same second,
     * whose id is this one plus {@code -2}.
     */
    public static List<MimeMessage> mailsAbout(GreenMailExtension smtp, String backupId) {
        var exactly = Pattern.compile(Pattern.quote(backupId) + "(?![-\\d])");
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message ->
                        exactly.matcher(GreenMailUtil.getBody(message)).find())
                .toList();
    }

    public static GreenMailExtension server() {
        return new GreenMailExtension(
                new ServerSetup(Integer.getInteger("it.smtp.port", 3025), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }
}
