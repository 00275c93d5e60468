package dev.pfs.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import com.tngtech.archunit.base.DescribedPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol core, the crypto and transport interfaces and the crypto contract are compiled
 * to JavaScript by TeaVM, which has no java.security, javax.crypto, threads or reflection. They
 * may depend only on each other and on java.lang, java.util and java.nio.charset, so no class
 * reachable from them uses any of those.
 */
class PortableCoreTest {
    private static final String[] CORE = {"dev.pfs.protocol..", "dev.pfs.crypto",
        "dev.pfs.crypto.contract..", "dev.pfs.transport"};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.pfs");
    }

    /** The core stays within itself and the parts of java.* that TeaVM's class library has. */
    @Test
    void core_dependsOnlyOnItselfAndPortableJdkPackages() {
        String[] allowed = new String[CORE.length + 4];
        System.arraycopy(CORE, 0, allowed, 0, CORE.length);
        allowed[CORE.length] = "java.lang";
        allowed[CORE.length + 1] = "java.lang.invoke";
        allowed[CORE.length + 2] = "java.util";
        allowed[CORE.length + 3] = "java.nio.charset";
        classes().that().resideInAnyPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("TeaVM compiles the core for the browser; a dependency on a backend"
                        + " (dev.pfs.crypto.jca, dev.pfs.jvm) would bring in java.security")
                .check(classes);
    }

    /** Within those packages, nothing that needs threads. */
    @Test
    void core_usesNoThreads() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadLocal.class,
                        Runtime.class)
                .check(classes);
    }

    @Test
    void core_makesNoReflectiveCalls() {
        ArchCondition<com.tngtech.archunit.core.domain.JavaClass> reflective =
                ArchConditions.callMethodWhere(DescribedPredicate.describe("reflection on Class",
                        (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Class.class)
                                && call.getName().matches("forName|getDeclared.*|getMethods?"
                                        + "|getFields?|getConstructors?|newInstance")));
        noClasses().that().resideInAnyPackage(CORE).should(reflective).check(classes);
    }
}
