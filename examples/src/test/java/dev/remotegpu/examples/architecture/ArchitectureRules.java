package dev.remotegpu.examples.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.regex.Pattern;

/**
 * The layering rules of remotegpu, as ArchUnit rules over compiled classes: no package cycle (an API package and
 * its own {@code internal} sub-packages count as one unit), no class reaching into another module's
 * {@code internal} packages, a root package in core that depends on nothing else in core, and core free of the
 * libraries the platform modules bring. Each rule takes the package it guards, so a test can prove it bites on a
 * deliberately broken pair of classes.
 */
final class ArchitectureRules {
  /** Every module's root package is {@code dev.remotegpu.<module>}. */
  static final String PROJECT = "dev.remotegpu";
  /** The libraries only the platform modules may use: core stays free of them (its jar must not need them). */
  static final String[] PLATFORM_LIBRARIES = {"okhttp3..", "com.squareup.moshi..", "org.apache.sshd..",
      "org.apache.lucene.."};

  private static final Pattern INTERNAL = Pattern.compile("\\.internal(\\..*)?$");

  private ArchitectureRules() {}

  /** The unit a package belongs to: itself, or for {@code x.internal[.sub]} the API package {@code x}. */
  static String unitOf(String packageName) {
    return INTERNAL.matcher(packageName).replaceFirst("");
  }

  /** Whether the package is an {@code internal} package (or below one). */
  static boolean isInternal(String packageName) {
    return INTERNAL.matcher(packageName).find();
  }

  /** The module a project package belongs to: the segment after {@code dev.remotegpu}. */
  static String moduleOf(String packageName) {
    String rest = packageName.substring(PROJECT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** No cycle between the units (API package plus its internals) under {@code root}. */
  static ArchRule noCyclesBetweenUnits(String root) {
    return slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        return name.equals(root) || name.startsWith(root + ".") ? SliceIdentifier.of(unitOf(name))
            : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "units of " + root + " (an API package with its own internal packages)";
      }
    }).should().beFreeOfCycles().because("each package depends only downward (issue 11)");
  }

  /** No class under {@code root} depends on an {@code internal} package of another project module. */
  static ArchRule noReachIntoOtherModulesInternals(String root) {
    return classes().that().resideInAPackage(root + "..").should(new ArchCondition<JavaClass>(
        "not depend on another module's internal packages") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        String from = moduleOf(javaClass.getPackageName());
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          if (target.startsWith(PROJECT + ".") && isInternal(target) && !moduleOf(target).equals(from)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                + ": make what the other module needs public API there, or do without it"));
          }
        }
      }
    }).because("a module's internal packages may change without notice (issue 11)");
  }

  /** The classes of {@code basePackage} depend on nothing under it but themselves and their own internals. */
  static ArchRule baseDependsOnNothingAbove(String basePackage) {
    return noClasses().that().resideInAPackage(basePackage)
        .should().dependOnClassesThat(resideInAPackage(basePackage + "..")
            .and(not(resideInAnyPackage(basePackage, basePackage + ".internal.."))))
        .because("the root holds the base model and exceptions that every other package builds on");
  }

  /** The classes under {@code guarded} use none of {@code libraries}. */
  static ArchRule keptFreeOf(String guarded, String... libraries) {
    return noClasses().that().resideInAPackage(guarded)
        .should().dependOnClassesThat().resideInAnyPackage(libraries)
        .because("core is platform-neutral: HTTP, JSON binding, SSH and search belong to the platform modules");
  }
}
