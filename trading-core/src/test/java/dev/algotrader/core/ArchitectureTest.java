package dev.algotrader.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the dependency direction: the core and the schemas know nothing of Spark or Flink. */
class ArchitectureTest {

    private final JavaClasses core =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.algotrader.core", "dev.algotrader.schema");

    @Test
    void coreAndSchemasImportNoEngine() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.algotrader.core..", "dev.algotrader.schema..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.flink..", "scala..")
                .check(core);
    }

    @Test
    void coreDoesNotDependOnEngineModules() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.algotrader.core..", "dev.algotrader.schema..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.algotrader.batch..",
                        "dev.algotrader.ml..",
                        "dev.algotrader.stream..",
                        "dev.algotrader.cli..")
                .check(core);
    }

    @Test
    void coreReadsNoWallClock() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.algotrader.core..")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .check(core);
    }
}
