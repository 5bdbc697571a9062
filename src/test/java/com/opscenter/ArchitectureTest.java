package com.opscenter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the package structure: features form no cycle, HTTP stays at the boundary, the archive engine knows no
 * feature and no container, and only the wiring in the root package knows the features.
 */
class ArchitectureTest {

    private static final String FEATURES =
            "com.opscenter.(audit|backups|cloud|console|metrics|notify|platform|schedule|security|storage|cron|archive)..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.opscenter");
    }

    @Test
    void featuresFormNoCycle() {
        slices().matching(FEATURES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void controlAndEntityKnowNoHttp() {
        noClasses()
                .that()
                .resideInAnyPackage("..control..", "..entity..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..")
                .check(classes);
    }

    @Test
    void archiveEngineKnowsNoFeatureAndNoContainer() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("com.opscenter.archive..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.opscenter.audit..",
                        "com.opscenter.backups..",
                        "com.opscenter.cloud..",
                        "com.opscenter.metrics..",
                        "com.opscenter.notify..",
                        "com.opscenter.platform..",
                        "com.opscenter.schedule..",
                        "com.opscenter.security..",
                        "com.opscenter.storage..",
                        "jakarta.enterprise..",
                        "jakarta.ws.rs..",
                        "jakarta.persistence..")
                // The engine's package may not exist yet on every branch.
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void featuresDoNotKnowTheWiring() {
        noClasses()
                .that()
                .resideInAPackage("com.opscenter.(*)..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.opscenter")
                .check(classes);
    }
}
