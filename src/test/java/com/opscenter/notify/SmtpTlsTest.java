package com.opscenter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * SMTP_TLS=true must mean "never in clear" (issue 12): the mail session exactly as liberty/server.xml declares it,
 * its variables filled in, against a real SMTP server (GreenMail) that offers no STARTTLS. With TLS required the
 * send is refused before any message is handed over; with it off the same server receives the mail.
 */
class SmtpTlsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void withTlsRequiredAServerWithoutStartTlsGetsNoMail() throws Exception {
        var session = serverXmlSession(Map.of("smtp.tls", "true"));

        assertThatThrownBy(() -> send(session))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void withTlsOffTheSameServerReceivesTheMail() throws Exception {
        send(serverXmlSession(Map.of("smtp.tls", "false")));

        assertThat(SMTP.getReceivedMessages()).hasSize(1);
    }

    private static void send(Session session) throws MessagingException {
        var message = new MimeMessage(session);
        message.setFrom(new InternetAddress("ops-center@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("admin@localhost"));
        message.setSubject("Backup completed");
        message.setText("test");
        Transport.send(message);
    }

    /** The mailSession's properties from liberty/server.xml, with its ${smtp.*} variables set as the server would. */
    private static Session serverXmlSession(Map<String, String> variables) throws Exception {
        var document = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("liberty/server.xml").toFile());
        var values = new java.util.HashMap<String, String>();
        var declared = document.getElementsByTagName("variable");
        for (int i = 0; i < declared.getLength(); i++) {
            var variable = (Element) declared.item(i);
            values.put(variable.getAttribute("name"), variable.getAttribute("defaultValue"));
        }
        values.putAll(variables);
        values.put("smtp.port", String.valueOf(SMTP.getSmtp().getPort()));

        var mailSession = (Element) document.getElementsByTagName("mailSession").item(0);
        var properties = new Properties();
        properties.setProperty("mail.smtp.host", "localhost");
        var children = mailSession.getElementsByTagName("property");
        for (int i = 0; i < children.getLength(); i++) {
            var property = (Element) children.item(i);
            properties.setProperty(property.getAttribute("name"), resolve(property.getAttribute("value"), values));
        }
        assertThat(properties).containsKeys("mail.smtp.starttls.enable", "mail.smtp.starttls.required");
        return Session.getInstance(properties);
    }

    private static String resolve(String value, Map<String, String> values) {
        var matcher = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        var resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        return matcher.appendTail(resolved).toString();
    }
}
