package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Browser;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/** The console in a real browser: the server's root leads to it, and an admin signs in and sees the storage page. */
@ResourceLock(Locks.EMBEDDED)
class ConsoleSignInIT {

    static final Server SERVER = Server.EMBEDDED;

    @Test
    void adminSignsInAndSeesAVolume() throws IOException {
        var name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        var volume = Files.createDirectories(SERVER.volumesRoot().resolve(name));
        Files.writeString(volume.resolve("hello.txt"), "hello from the console test\n");

        try (var browser = Browser.open(SERVER)) {
            browser.get("/");
            browser.find("sign-in-form");
            assertThat(browser.driver().getCurrentUrl()).contains("/console/");

            browser.signIn(Role.ADMIN);

            assertThat(browser.find("user-name").getText()).isEqualTo("admin");
            browser.find("disk-usage");
            var row = browser.find(By.cssSelector("[data-testid='volume-row'][data-volume='" + name + "']"));
            assertThat(row.getText()).contains(name);
            browser.screenshot("storage-signed-in");
        }
    }
}
