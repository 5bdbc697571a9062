package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Browser;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/**
 * The console in a real browser on the embedded default: the server's root leads to it, an admin signs in with
 * the development issuer and sees the storage page; a wrong password, an expired token and a token the server
 * refuses all lead to the sign-in page with a message; at 390 px the page never scrolls sideways.
 */
@ResourceLock(Locks.EMBEDDED)
class ConsoleSignInIT {

    static final Server SERVER = Server.EMBEDDED;
    static String volume;

    @BeforeAll
    static void aVolumeWithAFile() throws IOException {
        volume = "console-" + UUID.randomUUID().toString().substring(0, 8);
        var dir = Files.createDirectories(SERVER.volumesRoot().resolve(volume));
        Files.writeString(dir.resolve("hello.txt"), "hello from the console test\n".repeat(100));
    }

    static By volumeRow(String name) {
        return By.cssSelector("[data-testid='volume-row'][data-volume='" + name + "']");
    }

    @Test
    void theRootLeadsToTheConsoleWhereAnAdminSeesAVolumeAndItsLargestFiles() {
        try (var browser = Browser.open(SERVER)) {
            browser.get("/");
            browser.find("sign-in-form");
            assertThat(browser.driver().getCurrentUrl()).contains("/console/");

            browser.signIn(Role.ADMIN);

            assertThat(browser.find("user-name").getText()).isEqualTo("admin");
            browser.find("disk-usage");
            browser.find("storage-health");
            assertThat(browser.find(volumeRow(volume)).getText()).contains(volume);
            browser.find("cleanup");
            browser.screenshot("storage");

            browser.click(By.cssSelector("[data-volume='" + volume + "'] [data-testid='volume-link']"));
            assertThat(browser.find("volume-details").getText()).contains(volume);
            assertThat(browser.find("largest-file").getText()).contains("hello.txt");
        }
    }

    @Test
    void aWrongPasswordStaysOnTheSignInPageWithAMessage() {
        try (var browser = Browser.open(SERVER)) {
            browser.console("storage").signIn("admin", "not-the-password");

            assertThat(browser.find("sign-in-message").getText()).contains("Wrong user name or password");
            assertThat(browser.find("sign-in-form").isDisplayed()).isTrue();
            assertThat(browser.all("user-name").get(0).isDisplayed()).isFalse();
            assertThat(browser.all("volumes-table")).isEmpty();
        }
    }

    @Test
    void anExpiredTokenLeadsBackToTheSignInPage() {
        try (var browser = Browser.open(SERVER)) {
            browser.console("storage").signIn(Role.ADMIN);
            browser.find("volumes-table");

            // The session's token, with its exp moved into the past (the page reads exp; it cannot verify).
            browser.js("sessionStorage.setItem('opscenter.console.token', arguments[0]);", tokenExpiring(-60));
            browser.driver().navigate().refresh();

            assertThat(browser.find("sign-in-message").getText()).contains("expired");
            assertThat(browser.find("sign-in-form").isDisplayed()).isTrue();
        }
    }

    @Test
    void aTokenTheServerRefusesLeadsBackToTheSignInPage() {
        try (var browser = Browser.open(SERVER)) {
            browser.console("storage").find("sign-in-form");
            // Not expired by its exp, but signed by nobody the server trusts: the API answers 401.
            browser.js("sessionStorage.setItem('opscenter.console.token', arguments[0]);", tokenExpiring(3600));
            // A reload, not a route change first: the page would act on the new route at once, and the 401 could
            // end the session (and its message) before the reload (CI saw the 401 come first).
            browser.driver().navigate().refresh();

            assertThat(browser.find("sign-in-message").getText()).contains("session has ended");
            assertThat(browser.find("sign-in-form").isDisplayed()).isTrue();
        }
    }

    @Test
    void atPhoneWidthThePageDoesNotScrollSideways() {
        try (var browser = Browser.open(SERVER, Browser.PHONE)) {
            browser.console("storage").signIn(Role.ADMIN);
            browser.find(volumeRow(volume));
            assertThat(browser.js("return window.innerWidth;")).isEqualTo(390L);
            assertThat(browser.scrollsHorizontally()).isFalse();
            browser.screenshot("storage-390");

            browser.click("nav-backups");
            browser.find("backups-summary");
            assertThat(browser.scrollsHorizontally()).isFalse();
        }
    }

    /** A JWT shaped like the issuer's (admin, groups) with the given exp, and a signature nobody made. */
    static String tokenExpiring(long secondsFromNow) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        var payload = "{\"upn\":\"admin\",\"groups\":[\"admin\"],\"exp\":"
                + (Instant.now().getEpochSecond() + secondsFromNow) + "}";
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString("not-a-signature".getBytes(StandardCharsets.UTF_8));
    }
}
