package com.opscenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Browser;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/**
 * The settings, schedules and audit pages in a real browser: an admin sees a cron expression's next five runs
 * before saving, the server's refusal next to the form, a saved schedule and configuration in the API, and the
 * change in the audit trail, narrowed by a filter; a moderator gets the same pages without save or delete.
 */
@ResourceLock(Locks.EMBEDDED)
class ConsoleSettingsIT {

    static final Server SERVER = Server.EMBEDDED;
    static final String SCHEDULES = "/api/v1/backups/schedules";
    static final String CONFIG = "/api/v1/backups/config";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static List<Instant> nextRuns(Browser browser) {
        return browser.all("next-run").stream()
                .map(run -> run.findElement(By.tagName("time")).getAttribute("datetime"))
                .map(Instant::parse)
                .toList();
    }

    /** Five runs, all at 04:15 on a weekday in Berlin: the preview of "15 4 * * 1-5" there. */
    static boolean weekdayMornings(List<Instant> runs) {
        return runs.size() == 5
                && runs.stream()
                        .map(run -> run.atZone(BERLIN))
                        .allMatch(t -> t.getHour() == 4
                                && t.getMinute() == 15
                                && t.getDayOfWeek() != DayOfWeek.SATURDAY
                                && t.getDayOfWeek() != DayOfWeek.SUNDAY);
    }

    @Test
    void anAdminEditsSchedulesAndTheConfigurationAndFindsTheChangeInTheAuditTrail() {
        var admin = Api.as(Role.ADMIN, SERVER);
        var name = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        var retention = admin.get(CONFIG).json().get("retention_days").asInt();
        var newRetention = retention == 9 ? 10 : 9;
        var configChanges = configChanges(admin);
        try (var browser = Browser.open(SERVER)) {
            browser.signIn(Role.ADMIN);
            browser.find("user-name");

            // The next five runs follow the cron field, and a bad expression shows the server's reason.
            browser.console("schedules?new=1");
            browser.type("schedule-name", name);
            browser.type("schedule-cron", "61 * * * *");
            assertThat(browser.waitForText("schedule-next-runs-error", "minute"))
                    .contains("cron:");
            browser.type("schedule-timezone", "Europe/Berlin");
            browser.type("schedule-cron", "15 4 * * 1-5");
            browser.until(driver -> weekdayMornings(nextRuns(browser)));
            assertThat(nextRuns(browser)).isSorted().allMatch(run -> run.isAfter(Instant.now()));
            browser.screenshot("schedule-form");

            // A value only the server refuses: its message appears next to the form, and nothing is stored.
            browser.type("schedule-cron", "0 2 30 2 *");
            browser.click("schedule-save");
            assertThat(browser.waitForText("schedule-error", "never fires")).startsWith("cron:");
            assertThat(admin.get(SCHEDULES + "/" + name).status()).isEqualTo(404);

            browser.type("schedule-cron", "15 4 * * 1-5");
            browser.click("schedule-save");
            browser.find(By.cssSelector("[data-testid='schedule-row'][data-schedule='" + name + "']"));
            var saved = admin.get(SCHEDULES + "/" + name);
            assertThat(saved.status()).isEqualTo(200);
            assertThat(saved.json().get("cron").asText()).isEqualTo("15 4 * * 1-5");
            assertThat(saved.json().get("timezone").asText()).isEqualTo("Europe/Berlin");
            assertThat(saved.json().get("keep_daily").asInt()).isEqualTo(7);
            browser.screenshot("schedules");

            // The configuration: the server's refusal shown by the form, then a change the API sees.
            browser.console("settings");
            browser.type("cfg-timezone", "Mars/Olympus");
            browser.click("settings-save");
            assertThat(browser.waitForText("settings-error", "unknown time zone"))
                    .startsWith("timezone:");
            browser.type(
                    "cfg-timezone", admin.get(CONFIG).json().get("timezone").asText());
            browser.type("cfg-retention-days", String.valueOf(newRetention));
            browser.click("settings-save");
            browser.until(
                    driver -> admin.get(CONFIG).json().get("retention_days").asInt() == newRetention);
            browser.find("settings-form");
            browser.screenshot("settings");

            // Written as the PUT answers; waited for so that the page below is not merely early.
            browser.until(driver -> configChanges(admin) > configChanges);
            // The audit trail shows the change; filtering by its action leaves only such entries.
            browser.console("audit");
            browser.find(By.cssSelector("[data-testid='audit-row'][data-action='backup.config.update']"));
            assertThat(actions(browser)).contains("backup.schedule.create");
            browser.type("audit-filter-action", "backup.config.update");
            browser.click("audit-apply");
            browser.until(driver ->
                    !actions(browser).isEmpty() && actions(browser).stream().allMatch("backup.config.update"::equals));
            assertThat(browser.find("audit-range").getText()).contains("of");
            browser.screenshot("audit");
        } finally {
            admin.delete(SCHEDULES + "/" + name);
            admin.put(CONFIG, "{\"retention_days\":" + retention + "}");
        }
    }

    static int configChanges(Api admin) {
        return admin.get("/api/v1/audit?action=backup.config.update&outcome=success&limit=1")
                .json()
                .get("total")
                .asInt();
    }

    static List<String> actions(Browser browser) {
        return browser.all("audit-row").stream()
                .map(row -> row.getAttribute("data-action"))
                .toList();
    }

    @Test
    void aModeratorSeesEverythingButCannotSaveOrDelete() {
        try (var browser = Browser.open(SERVER, Browser.PHONE)) {
            browser.signIn(Role.MODERATOR);
            browser.find("user-name");

            browser.console("schedules");
            browser.find("schedules-table");
            assertThat(browser.all("schedule-new")).isEmpty();
            assertThat(browser.all("schedule-delete")).isEmpty();
            browser.click("schedule-open");
            browser.find("schedule-form");
            browser.until(driver -> browser.all("next-run").size() == 5);
            assertThat(browser.all("schedule-save")).isEmpty();
            assertThat(browser.find("schedule-cron").isEnabled()).isFalse();

            browser.console("settings");
            browser.find("settings-form");
            assertThat(browser.all("settings-save")).isEmpty();
            assertThat(browser.find("cfg-retention-days").isEnabled()).isFalse();
            // Usable at 390 px: nothing wider than the window.
            assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            browser.screenshot("settings-phone");

            // The audit trail is the admins': no link to it, and its address explains the refusal.
            assertThat(browser.all("nav-audit").get(0).isDisplayed()).isFalse();
            browser.console("audit");
            assertThat(browser.find("audit-forbidden").getText()).contains("admins");
        }
    }
}
