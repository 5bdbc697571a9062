package com.opscenter.it;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/** The real SMTP server (GreenMail) the test servers' SMTP_PORT (it.smtp.port) points at. */
public final class TestSmtp {

    private TestSmtp() {}

    public static GreenMailExtension server() {
        return new GreenMailExtension(
                new ServerSetup(Integer.getInteger("it.smtp.port", 3025), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }
}
