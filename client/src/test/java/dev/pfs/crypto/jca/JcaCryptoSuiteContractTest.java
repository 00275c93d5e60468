package dev.pfs.crypto.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.crypto.contract.CaseResult;
import dev.pfs.crypto.contract.CryptoContract;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The crypto contract against the JCA backend: one test per contract case. */
class JcaCryptoSuiteContractTest {
    private static final List<CaseResult> RESULTS = CryptoContract.run(JcaCryptoSuite.create());

    @TestFactory
    Stream<DynamicTest> contract() {
        return RESULTS.stream().map(result -> DynamicTest.dynamicTest(result.name(),
                () -> assertTrue(result.passed(), result.detail())));
    }

    @Test
    void run_reportsEveryCaseOnceInOrder() {
        assertEquals(CryptoContract.caseNames(),
                RESULTS.stream().map(CaseResult::name)
                        .collect(java.util.stream.Collectors.toList()));
    }
}
