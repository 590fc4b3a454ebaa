package dev.berth.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of DESIGN.md §1, checked on the compiled main classes of every module on this
 * module's test classpath. The daemon is the composition root, so its tests see all modules.
 * Rules allow empty matches: a module that has no classes yet cannot break them.
 */
class ArchitectureTest {
    static final String API_TYPES = "dev.berth.api.types..";
    static final String[] ADAPTERS = {
        "dev.berth.storage..", "dev.berth.image..", "dev.berth.sys..", "dev.berth.runtime..",
        "dev.berth.network..", "dev.berth.plugins.."};

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth");
    }

    @Test
    void everyModuleUnderTestWasImported() {
        // guards against a rule passing because the classes it should check were not on the classpath
        for (String pkg : new String[] {"dev.berth.core", "dev.berth.api", "dev.berth.api.types", "dev.berth.daemon", "dev.berth.common"}) {
            org.assertj.core.api.Assertions.assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                .as("classes of %s imported", pkg).isTrue();
        }
    }

    @Test
    void apiTypesDependOnlyOnJacksonAnnotations() {
        ArchRule rule = classes().that().resideInAPackage(API_TYPES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(API_TYPES, "java..", "com.fasterxml.jackson.annotation..")
            .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void coreSeesNoAdapterNettyOrJackson() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.berth.core..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS,
                "dev.berth.api..", "dev.berth.daemon..", "dev.berth.client..", "dev.berth.cli..",
                "io.netty..", "com.fasterxml.."))
            .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void apiServerSeesCoreInterfacesNotAdapters() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.berth.api..").and().resideOutsideOfPackage(API_TYPES)
            .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS, "dev.berth.daemon.."))
            .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void adaptersSeeNeitherTheApiNorTheDaemon() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage("dev.berth.api..", "dev.berth.daemon..",
                "dev.berth.client..", "dev.berth.cli..")
            .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void clientAndCliSpeakHttpOnly() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.berth.client..", "dev.berth.cli..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS, "dev.berth.core..", "dev.berth.daemon.."))
            .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                "reside in the API server (dev.berth.api.. outside api.types)",
                c -> c.getPackageName().startsWith("dev.berth.api") && !c.getPackageName().startsWith("dev.berth.api.types")))
            .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void commonDependsOnNoOtherBerthModule() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.berth.common..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS, "dev.berth.core..", "dev.berth.api..",
                "dev.berth.daemon..", "dev.berth.client..", "dev.berth.cli.."))
            .allowEmptyShould(true);
        rule.check(classes);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
