package dev.algotrader.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every module edge of the build, checked on the main classes of all seven modules (the control
 * plane's test classpath holds them all): schema ← core ← lake ← batch/ml; stream depends on core
 * (and the schemas) only; the CLI may use every module; no job module (batch, ml, stream) depends
 * on another job module, and nothing depends on the CLI.
 */
class ModuleEdgesTest {

    /** Module → its one top-level package. */
    private static final Map<String, String> MODULES =
            Map.of(
                    "schema", "dev.algotrader.schema..",
                    "core", "dev.algotrader.core..",
                    "lake", "dev.algotrader.lake..",
                    "batch", "dev.algotrader.batch..",
                    "ml", "dev.algotrader.ml..",
                    "stream", "dev.algotrader.stream..",
                    "cli", "dev.algotrader.cli..",
                    // the embedded Kafka of the tests: started as a child JVM, never called by main
                    // code
                    "broker", "dev.algotrader.kafka..");

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(location -> !location.contains("-tests.jar"))
                    .importPackages("dev.algotrader");

    @Test
    void everyModuleEdgeIsDeclared() {
        LayeredArchitecture modules = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map.Entry<String, String> m : MODULES.entrySet()) {
            modules = modules.layer(m.getKey()).definedBy(m.getValue());
        }
        modules.whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("broker")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("batch")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("ml")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("stream")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("lake")
                .mayOnlyBeAccessedByLayers("batch", "ml", "cli")
                .whereLayer("core")
                .mayOnlyBeAccessedByLayers("lake", "batch", "ml", "stream", "cli")
                .whereLayer("schema")
                .mayOnlyBeAccessedByLayers("core", "lake", "batch", "ml", "stream", "cli")
                .check(MAIN);
    }

    @Test
    void everyClassBelongsToOneModule() {
        List<String> roots =
                MODULES.values().stream().map(p -> p.substring(0, p.length() - 2)).toList();
        List<String> stray =
                MAIN.stream()
                        .map(JavaClass::getPackageName)
                        .filter(
                                p ->
                                        roots.stream()
                                                .noneMatch(
                                                        r -> p.equals(r) || p.startsWith(r + ".")))
                        .distinct()
                        .toList();
        assertThat(stray).as("packages outside the seven modules").isEmpty();
        for (String root : roots) {
            assertThat(MAIN.stream().anyMatch(c -> c.getPackageName().startsWith(root)))
                    .as("classes of " + root + " on the control plane's classpath")
                    .isTrue();
        }
    }

    @Test
    void theForecasterPackageDoesNotReachBackIntoTheResearchJobs() {
        // ml -> ml.dl only: the research steps use the forecaster, never the other way round
        noClasses()
                .that()
                .resideInAPackage("dev.algotrader.ml.dl..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.algotrader.ml")
                .check(MAIN);
    }
}
