package com.opscenter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table names every key the code reads: each field of a {@code @ConfigProperties}
 * class, each default in microprofile-config.properties and each {@code <variable>} of the Liberty
 * configuration, as the environment variable that sets it.
 */
class ConfigurationTableTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]*)\\|");
    private static final Pattern VARIABLE_IN_CELL = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern SERVER_VARIABLE = Pattern.compile("<variable\\s+name=\"([^\"]+)\"");

    private static JavaClasses classes;
    private static Set<String> documented;

    @BeforeAll
    static void read() throws IOException {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.opscenter");
        documented = new TreeSet<>();
        for (var line : Files.readAllLines(Path.of("README.md"))) {
            var row = TABLE_ROW.matcher(line);
            if (row.find()) {
                var variables = VARIABLE_IN_CELL.matcher(row.group(1));
                while (variables.find()) {
                    documented.add(variables.group(1));
                }
            }
        }
    }

    /** {@code cloud.backup.bucket} is set by {@code CLOUD_BACKUP_BUCKET}. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static Set<String> settingsKeys() throws ClassNotFoundException {
        var keys = new TreeSet<String>();
        for (var type : classes) {
            if (!type.isAnnotatedWith(ConfigProperties.class)) {
                continue;
            }
            var settings = Class.forName(type.getName());
            var prefix = settings.getAnnotation(ConfigProperties.class).prefix();
            prefix = ConfigProperties.UNCONFIGURED_PREFIX.equals(prefix) || prefix.isEmpty() ? "" : prefix + ".";
            for (var field : settings.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                var named = field.getAnnotation(ConfigProperty.class);
                keys.add(prefix + (named == null || named.name().isEmpty() ? field.getName() : named.name()));
            }
        }
        return keys;
    }

    static Set<String> defaultKeys() throws IOException {
        var properties = new Properties();
        try (Reader in =
                Files.newBufferedReader(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            properties.load(in);
        }
        var keys = new TreeSet<String>(properties.stringPropertyNames());
        keys.removeIf(key -> key.startsWith("mp."));
        return keys;
    }

    static Set<String> serverVariables() throws IOException {
        var keys = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(Path.of("liberty"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                var variables = SERVER_VARIABLE.matcher(Files.readString(file));
                while (variables.find()) {
                    keys.add(variables.group(1));
                }
            }
        }
        return keys;
    }

    @Test
    void readmeTableParses() {
        assertThat(documented).contains("CLOUD_BACKUP_BUCKET", "BACKUP_LOCATION", "HTTP_PORT");
    }

    @Test
    void everySettingsFieldIsInTheTable() throws Exception {
        var keys = settingsKeys();
        assertThat(keys).contains("cloud.backup.bucket", "backup.location", "storage.stale.days", "admin.email");
        assertThat(documented)
                .containsAll(keys.stream()
                        .map(ConfigurationTableTest::environmentName)
                        .toList());
    }

    @Test
    void everyDefaultIsInTheTableAndReadBySomeSettingsClass() throws Exception {
        var defaults = defaultKeys();
        assertThat(documented)
                .containsAll(defaults.stream()
                        .map(ConfigurationTableTest::environmentName)
                        .toList());
        assertThat(settingsKeys())
                .as("keys with a default that no settings class reads")
                .containsAll(defaults);
    }

    @Test
    void everyServerVariableIsInTheTable() throws IOException {
        assertThat(documented)
                .containsAll(serverVariables().stream()
                        .map(ConfigurationTableTest::environmentName)
                        .toList());
    }

    @Test
    void configurationIsReadOnlyThroughSettingsClasses() {
        fields().that()
                .areAnnotatedWith(ConfigProperty.class)
                .should()
                .beDeclaredInClassesThat()
                .areAnnotatedWith(ConfigProperties.class)
                .check(classes);
    }
}
