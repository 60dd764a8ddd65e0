package dev.remotegpu.examples.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the layers of every module's main code. It lives in examples because examples is the one module whose
 * test class path holds every other module's main classes (core, paperspace, ssh, generic-ssh, test fixtures,
 * junit), so one import sees the whole graph, cross-module edges included.
 */
class ArchitectureTest {
  private static final Set<String> MODULES =
      Set.of("core", "paperspace", "ssh", "genericssh", "testfixtures", "junit", "examples");
  private static final String BITES = ArchitectureTest.class.getPackageName() + ".bites";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ArchitectureRules.PROJECT);
  }

  @Test
  void theImportSeesEveryModulesMainClassesAndNoTestClass() {
    Set<String> modules = main.stream().map(JavaClass::getPackageName).map(ArchitectureRules::moduleOf)
        .collect(Collectors.toSet());
    assertThat(modules).containsExactlyInAnyOrderElementsOf(MODULES);
    assertThat(main.stream().map(JavaClass::getName)).noneMatch(name -> name.startsWith(BITES))
        .contains("dev.remotegpu.core.platform.Platform");
  }

  @Test
  void noPackageCycleInMainCode() {
    ArchitectureRules.noCyclesBetweenUnits(ArchitectureRules.PROJECT).check(main);
  }

  @Test
  void noMainClassImportsAnotherModulesInternals() {
    ArchitectureRules.noReachIntoOtherModulesInternals(ArchitectureRules.PROJECT).check(main);
  }

  @Test
  void coresRootDependsOnNothingElseInCore() {
    ArchitectureRules.baseDependsOnNothingAbove("dev.remotegpu.core").check(main);
  }

  @Test
  void coreUsesNoPlatformLibrary() {
    ArchitectureRules.keptFreeOf("dev.remotegpu.core..", ArchitectureRules.PLATFORM_LIBRARIES).check(main);
  }

  // The guard bites: each rule, run on deliberately broken test classes, reports the violation.

  private static JavaClasses bites(String subPackage) {
    return new ClassFileImporter().importPackages(BITES + "." + subPackage);
  }

  @Test
  void aCycleBetweenTwoPackagesIsReported() {
    EvaluationResult result = ArchitectureRules.noCyclesBetweenUnits(BITES + ".cycle").evaluate(bites("cycle"));

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains(BITES + ".cycle.left").contains(BITES + ".cycle.right");
  }

  @Test
  void anApiPackageAndItsOwnInternalsAreOneUnitNotACycle() {
    EvaluationResult result = ArchitectureRules.noCyclesBetweenUnits(BITES + ".unit").evaluate(bites("unit"));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
    assertThat(bites("unit").stream().map(JavaClass::getPackageName))
        .contains(BITES + ".unit", BITES + ".unit.internal");
  }

  @Test
  void aReachIntoAnotherModulesInternalsIsReported() {
    EvaluationResult result =
        ArchitectureRules.noReachIntoOtherModulesInternals(BITES + ".reach").evaluate(bites("reach"));

    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("dev.remotegpu.core.checkpoint.internal.PathRules");
  }

  @Test
  void aRootDependingUpwardIsReported() {
    EvaluationResult result = ArchitectureRules.baseDependsOnNothingAbove(BITES + ".base").evaluate(bites("base"));

    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(BITES + ".base.upper.Upper");
  }

  @Test
  void aForbiddenLibraryIsReported() {
    // picocli stands in for the platform libraries, which examples' tests may not name (dependency analysis).
    EvaluationResult result = ArchitectureRules.keptFreeOf(BITES + ".library..", "picocli..")
        .evaluate(bites("library"));

    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains("picocli.CommandLine");
  }
}
