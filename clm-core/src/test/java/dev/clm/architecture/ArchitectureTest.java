package dev.clm.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.clm.api.ModelRegistry;
import dev.clm.shadow.Promoter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shape of clm-core's main code: no package cycles, nothing reaching back into the manager's package, one promoter. */
class ArchitectureTest {
    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("dev.clm");
        assertThat(main.containPackage("dev.clm.core")).as("clm-core's main classes were imported").isTrue();
    }

    @Test
    @DisplayName("no package cycle among clm-core's packages")
    void noPackageCycles() {
        slices().matching("dev.clm.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    @DisplayName("no package imports dev.clm.core: the manager's collaborators never reach back into it (the HTTP control plane drives the manager from outside, as an engine does)")
    void nothingImportsTheManagersPackage() {
        noClasses().that().resideOutsideOfPackages("dev.clm.core", "dev.clm.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.clm.core")
                .check(main);
    }

    @Test
    @DisplayName("ModelRegistry.promote is called from exactly one main-code class: the Promoter")
    void oneClassPromotes() {
        Set<String> callers = new TreeSet<>();
        main.forEach(c -> c.getMethodCallsFromSelf().stream().filter(ArchitectureTest::isRegistryPromote)
                .forEach(call -> callers.add(call.getOriginOwner().getName())));
        assertThat(callers).containsExactly(Promoter.class.getName());
        noClasses().that().doNotHaveFullyQualifiedName(Promoter.class.getName())
                .should().callMethodWhere(describe("ModelRegistry.promote", ArchitectureTest::isRegistryPromote))
                .check(main);
    }

    private static boolean isRegistryPromote(JavaMethodCall call) {
        return call.getName().equals("promote") && call.getTargetOwner().isAssignableTo(ModelRegistry.class);
    }
}
