package dev.pfs.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol core, the crypto and transport interfaces and the crypto contract are compiled
 * to JavaScript by TeaVM, which has no java.security, javax.crypto, threads or reflection. They
 * may depend only on each other and on java.lang, java.util and java.nio.charset, so no class
 * reachable from them uses any of those; within java.lang and java.util, nothing that needs a
 * thread or reflection either.
 */
class PortableCoreTest {
    private static final String[] CORE = {"dev.pfs.protocol..", "dev.pfs.crypto",
        "dev.pfs.crypto.contract..", "dev.pfs.transport"};
    private static final String VIOLATIONS = "dev.pfs.protocol.PortabilityViolations$";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.pfs");
    }

    /** The core stays within itself and the parts of java.* that TeaVM's class library has. */
    private static ArchRule onlyPortablePackages() {
        String[] allowed = new String[CORE.length + 4];
        System.arraycopy(CORE, 0, allowed, 0, CORE.length);
        allowed[CORE.length] = "java.lang";
        allowed[CORE.length + 1] = "java.lang.invoke";
        allowed[CORE.length + 2] = "java.util";
        allowed[CORE.length + 3] = "java.nio.charset";
        return classes().that().resideInAnyPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("TeaVM compiles the core for the browser; a dependency on a backend"
                        + " (dev.pfs.crypto.jca, dev.pfs.jvm) would bring in java.security");
    }

    /** What needs threads, from the allowed packages. */
    private static ArchRule noThreads() {
        ArchCondition<JavaClass> waits = ArchConditions.callMethodWhere(
                DescribedPredicate.describe("a monitor wait or notify",
                        (JavaMethodCall call) -> call.getName().matches("wait|notify|notifyAll")
                                && call.getTargetOwner().isEquivalentTo(Object.class)));
        return noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadLocal.class,
                        Runtime.class, java.util.Timer.class, java.util.TimerTask.class)
                .orShould(waits);
    }

    private static ArchRule noReflection() {
        ArchCondition<JavaClass> reflective = ArchConditions.callMethodWhere(
                DescribedPredicate.describe("reflection on Class",
                        (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Class.class)
                                && call.getName().matches("forName|getDeclared.*|getMethods?"
                                        + "|getFields?|getConstructors?|newInstance")));
        return noClasses().that().resideInAnyPackage(CORE).should(reflective)
                .orShould().dependOnClassesThat().belongToAnyOf(java.util.ServiceLoader.class);
    }

    @Test
    void core_dependsOnlyOnItselfAndPortableJdkPackages() {
        onlyPortablePackages().check(classes);
    }

    @Test
    void core_usesNoThreads() {
        noThreads().check(classes);
    }

    @Test
    void core_makesNoReflectiveCalls() {
        noReflection().check(classes);
    }

    @Test
    void rules_seeTheCore() {
        assertTrue(classes.contain("dev.pfs.protocol.Exchange"), "the core was not imported");
        assertTrue(classes.contain("dev.pfs.crypto.contract.CryptoContract"));
    }

    /** The rules themselves: each catches what it is there for. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UsesJavaSecurity", "UsesJavaxCrypto", "UsesAThread", "UsesATimer",
        "UsesConcurrency", "WaitsOnAMonitor", "UsesReflection"})
    void rules_catchEachKindOfViolation(String fixture) throws Exception {
        JavaClasses violator = new ClassFileImporter().importClasses(
                Class.forName(VIOLATIONS + fixture));
        long caught = List.of(onlyPortablePackages(), noThreads(), noReflection()).stream()
                .filter(rule -> rule.evaluate(violator).hasViolation()).count();
        assertTrue(caught > 0, fixture + " passed every rule");
    }
}
