/**
 * The crypto contract: known-answer vectors (FIPS 180-4, RFC 4231, RFC 5869, the GCM
 * specification's test cases) and negative checks that every {@link dev.pfs.crypto.CryptoSuite}
 * backend must pass. Plain Java without JUnit, reflection, threads or {@code java.security}, so
 * the same code runs on the JVM against JCA and in the browser (TeaVM) against WebCrypto.
 */
package dev.pfs.crypto.contract;
