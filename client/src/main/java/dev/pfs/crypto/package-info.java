/**
 * The cryptographic primitives the pairing protocol needs, as small interfaces with two backends:
 * JCA on the JVM ({@code dev.pfs.crypto.jca}) and WebCrypto in the browser
 * ({@code dev.pfs.browser.webcrypto}).
 *
 * <p>Nothing here may use {@code java.security}, {@code javax.crypto}, threads or reflection: the
 * package is compiled to JavaScript by TeaVM. Methods are synchronous; in the browser they suspend
 * the calling TeaVM thread while a WebCrypto promise settles.
 *
 * <p>Symmetric keys travel as {@code byte[]}: the protocol derives them with HKDF and must send the
 * session key encrypted, so they exist as bytes anyway. Private asymmetric keys never leave their
 * handle ({@link IdentityKeyPair}, {@link EphemeralKeyPair}); in the browser they are
 * non-extractable {@code CryptoKey}s.
 */
package dev.pfs.crypto;
