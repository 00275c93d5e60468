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

    /** The known-answer cases the suite promises; an empty suite would pass every test above. */
    @Test
    void contract_hasTheKnownAnswerVectors() {
        assertTrue(CryptoContract.caseNames().containsAll(List.of("hkdf/rfc5869-a1",
                "hkdf/rfc5869-a2", "hkdf/rfc5869-a3", "aes-gcm/test-case-1", "aes-gcm/test-case-2",
                "aes-gcm/test-case-3", "aes-gcm/test-case-4", "hmac/rfc4231-1", "sha256/abc",
                "rsa-pss/verifies-known-signature", "ecdh/rejects-point-off-curve",
                "ecdh/destroyed-key-is-unusable")), CryptoContract.caseNames().toString());
    }

    @Test
    void run_reportsEveryCaseOnceInOrder() {
        assertEquals(CryptoContract.caseNames(),
                RESULTS.stream().map(CaseResult::name)
                        .collect(java.util.stream.Collectors.toList()));
    }
}
