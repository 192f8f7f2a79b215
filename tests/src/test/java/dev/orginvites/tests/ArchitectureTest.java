package dev.orginvites.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the production code (shared and every function; test code and the test kit are left out): no cycle
 * between packages, and the DynamoDB adapter ({@code store.dynamodb}) named only where a function is composed, so the
 * generic layers and each function's own work depend on the store's ports alone.
 */
class ArchitectureTest {
    private static final String ADAPTER = "dev.orginvites.shared.store.dynamodb";
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/testkit/"))
            .importPackages("dev.orginvites");

    /** A function's packages: those of its handlers, the classes Lambda calls. */
    private static final Set<String> FUNCTION_PACKAGES = PRODUCTION.stream()
            .filter(c -> !c.getPackageName().startsWith("dev.orginvites.shared")
                    && !c.getPackageName().startsWith("dev.orginvites.devkit")
                    && c.isAssignableTo(RequestHandler.class) && !c.isInterface())
            .map(JavaClass::getPackageName)
            .collect(Collectors.toCollection(TreeSet::new));

    @Test
    void everyFunctionIsChecked() throws IOException {
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("..", "functions"))) {
            for (Path main : sources.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .map(file -> main.relativize(file.getParent()).toString().replace(File.separatorChar, '.'))
                            .forEach(modules::add);
                }
            }
        }
        assertEquals(modules, FUNCTION_PACKAGES, "functions/pom.xml lists every function module, and tests depends on them all through it");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.orginvites.(**)").should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void sharedNamesTheAdapterOnlyInsideIt() {
        noClasses().that().resideInAPackage("dev.orginvites.shared..")
                .and().resideOutsideOfPackage(ADAPTER + "..")
                .should().dependOnClassesThat().resideInAPackage(ADAPTER + "..")
                .check(PRODUCTION);
    }

    @Test
    void functionsNameTheAdapterOnlyInTheirCompositionRoot() {
        classes().that(inAFunction())
                .should(nameTheAdapterOnlyInALambdaConstructor())
                .check(PRODUCTION);
    }

    private static DescribedPredicate<JavaClass> inAFunction() {
        return DescribedPredicate.describe("are in a function " + FUNCTION_PACKAGES,
                c -> FUNCTION_PACKAGES.contains(c.getPackageName()));
    }

    /**
     * A function is composed in its handler's no-argument constructor, the one Lambda calls: only there may it call
     * into the adapter. A dependency of any other kind (a field, a parameter, a call from anywhere else) fails.
     */
    private static ArchCondition<JavaClass> nameTheAdapterOnlyInALambdaConstructor() {
        return new ArchCondition<>("name " + ADAPTER + " only in a handler's no-argument constructor") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<String> composed = c.getConstructors().stream()
                        .filter(constructor -> constructor.getRawParameterTypes().isEmpty()
                                && c.isAssignableTo(RequestHandler.class))
                        .flatMap(constructor -> constructor.getAccessesFromSelf().stream())
                        .map(ArchitectureTest::place)
                        .collect(Collectors.toSet());
                for (Dependency dependency : c.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if ((target.equals(ADAPTER) || target.startsWith(ADAPTER + "."))
                            && !composed.contains(place(dependency))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** Where a call is made, by target class and line: a dependency made by a call has the call's line. */
    private static String place(JavaAccess<?> access) {
        return access.getTargetOwner().getName() + ":" + access.getLineNumber();
    }

    private static String place(Dependency dependency) {
        return dependency.getTargetClass().getName() + ":" + dependency.getSourceCodeLocation().getLineNumber();
    }
}
