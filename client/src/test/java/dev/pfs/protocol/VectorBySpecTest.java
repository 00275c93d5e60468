package dev.pfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test vector of protocol.md checked against protocol.md's own prose, by a second
 * implementation written from the page with plain JCA: nothing here calls the protocol code.
 * {@link ProtocolVectorTest} shows that the code produces the vector; this test shows that the
 * vector is what the page's byte layouts say, so the page describes what the code does.
 */
class VectorBySpecTest {
    private static final Path PAGE = Path.of("..", "src", "site", "markdown", "protocol.md");
    private static final Map<String, String> VECTOR = new LinkedHashMap<>();
    private static byte[] inviterSpki;
    private static byte[] joinerSpki;

    @BeforeAll
    static void readTheVector() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf("```text\n# pfs protocol 1 test vector\n");
        String block = page.substring(begin, page.indexOf("```\n", begin + 8));
        for (String line : block.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.startsWith("#")) {
                VECTOR.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        inviterSpki = publicKeyOf(get("inviter identity key, PKCS#8"));
        joinerSpki = publicKeyOf(get("joiner identity key, PKCS#8"));
    }

    @Test
    void randomDraws_followTheStatedRule() throws Exception {
        for (String device : List.of("inviter", "joiner")) {
            for (int n = 1; ; n++) {
                String prefix = device + " random " + n + ", ";
                String key = VECTOR.keySet().stream().filter(k -> k.startsWith(prefix))
                        .findFirst().orElse(null);
                if (key == null) {
                    assertTrue(n > 4, device + " draws");
                    break;
                }
                byte[] draw = hex(VECTOR.get(key));
                byte[] seed = sha256(utf8("pfs1 vector " + device + " " + n));
                for (int i = 0; i < draw.length; i++) {
                    assertEquals(seed[i % 32], draw[i], key);
                }
            }
        }
    }

    @Test
    void namesFromIdentityKeys_areAsDocumented() throws Exception {
        assertEquals(get("inviter identity key, SPKI"), b64(inviterSpki));
        assertEquals(get("joiner identity key, SPKI"), b64(joinerSpki));
        assertEquals(get("inviter fingerprint"), hexOf(sha256(inviterSpki)));
        assertEquals(get("joiner fingerprint"), hexOf(sha256(joinerSpki)));
        assertEquals(get("inviter device channel"), deviceChannel(inviterSpki));
        assertEquals(get("joiner device channel"), deviceChannel(joinerSpki));
        byte[] channelId = draw("inviter", 1);
        assertEquals(get("invitation link"), "http://127.0.0.1:8080/demo/pfs.html#pair=1."
                + b64(channelId) + "." + b64(draw("inviter", 2)));
        assertEquals(get("pairing channel"), "pfs-pair-" + b64(channelId));
    }

    /** One exchange of the vector: the pairing (prefix "") or the re-key ("re-key "). */
    private static final class Run {
        final String prefix;
        final byte kind;
        final byte[] channelId;
        final byte[] inviterNonce;
        final byte[] joinerNonce;
        final byte[] sessionKey;

        Run(String prefix, byte kind, byte[] channelId, byte[] inviterNonce, byte[] joinerNonce,
                byte[] sessionKey) {
            this.prefix = prefix;
            this.kind = kind;
            this.channelId = channelId;
            this.inviterNonce = inviterNonce;
            this.joinerNonce = joinerNonce;
            this.sessionKey = sessionKey;
        }

        byte[] transcriptStart() {
            return concat(label("pfs1 transcript"), new byte[] {kind}, channelId, inviterNonce,
                    joinerNonce, u16(inviterSpki.length), inviterSpki, u16(joinerSpki.length),
                    joinerSpki);
        }

        byte[] ephemeralKey(String role) {
            return hex(get(role + " " + prefix + "ephemeral public key"));
        }

        byte[] transcriptHash() throws Exception {
            return sha256(concat(transcriptStart(), ephemeralKey("inviter"),
                    ephemeralKey("joiner")));
        }

        byte[] okm() throws Exception {
            return hkdf(sharedSecret(hex(get("inviter " + prefix + "ephemeral private key")),
                    ephemeralKey("joiner")), concat(inviterNonce, joinerNonce),
                    concat(label("pfs1 keys"), transcriptHash()), 52);
        }

        String line(String name) {
            return get(prefix + name);
        }
    }

    private static Run pairing() {
        return new Run("", (byte) 'P', draw("inviter", 1), draw("inviter", 3), draw("joiner", 1),
                draw("inviter", 6));
    }

    /** A re-key: kind 'R' and sixteen zero bytes where the pairing has the channel ID. */
    private static Run rekey() {
        return new Run("re-key ", (byte) 'R', new byte[16], draw("inviter", 9),
                draw("joiner", 5), draw("inviter", 11));
    }

    @Test
    void keySchedule_isAsDocumented() throws Exception {
        assertEquals(get("identity exchange key"), hexOf(identityExchangeKey()));
        assertEquals(get("ECDH shared secret"), hexOf(sharedSecret(
                hex(get("inviter ephemeral private key")),
                hex(get("joiner ephemeral public key")))));
        for (Run run : List.of(pairing(), rekey())) {
            byte[] transcriptHash = run.transcriptHash();
            assertEquals(run.line("transcript start, SHA-256"),
                    hexOf(sha256(run.transcriptStart())));
            assertEquals(run.line("transcript hash"), hexOf(transcriptHash));
            byte[] okm = run.okm();
            assertEquals(run.line("pairing key"), hexOf(Arrays.copyOfRange(okm, 0, 16)));
            byte[] confirmationKey = Arrays.copyOfRange(okm, 16, 48);
            assertEquals(run.line("confirmation key"), hexOf(confirmationKey));
            long sas = new BigInteger(1, Arrays.copyOfRange(okm, 48, 52)).longValue()
                    % 1_000_000;
            assertEquals(run.line("SAS"), String.format("%06d", sas));
            assertEquals(run.line("inviter confirmation"), hexOf(hmac(confirmationKey,
                    concat(label("pfs1 confirm"), new byte[] {'I'}, transcriptHash))));
            assertEquals(run.line("joiner confirmation"), hexOf(hmac(confirmationKey,
                    concat(label("pfs1 confirm"), new byte[] {'J'}, transcriptHash))));
            assertEquals(run.line("session key"), hexOf(run.sessionKey));
            assertEquals(run.line("session key ID"),
                    hexOf(Arrays.copyOfRange(transcriptHash, 0, 8)));
            assertEquals(run.line("joiner acknowledgement"), hexOf(hmac(run.sessionKey,
                    concat(label("pfs1 ack"), transcriptHash))));
        }
        assertEquals(get("re-key ECDH shared secret"), hexOf(sharedSecret(
                hex(get("joiner re-key ephemeral private key")),
                hex(get("inviter re-key ephemeral public key")))));
    }

    @Test
    void messages_areAsDocumented() throws Exception {
        String pairing = get("pairing channel");
        String inviterChannel = get("inviter device channel");
        String joinerChannel = get("joiner device channel");
        String inviterNonce = b64(draw("inviter", 3));
        String joinerNonce = b64(draw("joiner", 1));

        assertMessage(1, "inviter", pairing, "{\"v\":1,\"t\":\"hello\",\"role\":\"inviter\","
                + "\"nonce\":\"" + inviterNonce + "\",\"have\":0,\"answer\":0}");
        assertMessage(2, "joiner", pairing, "{\"v\":1,\"t\":\"hello\",\"role\":\"joiner\","
                + "\"nonce\":\"" + joinerNonce + "\",\"have\":0,\"answer\":0}");
        assertMessage(3, "inviter", pairing, "{\"v\":1,\"t\":\"hello\",\"role\":\"inviter\","
                + "\"nonce\":\"" + inviterNonce + "\",\"have\":0,\"answer\":1}");
        assertMessage(4, "inviter", pairing, identityMessage('I', "inviter", inviterNonce,
                draw("inviter", 4), inviterSpki, "alice"));
        assertMessage(5, "joiner", pairing, identityMessage('J', "joiner", joinerNonce,
                draw("joiner", 2), joinerSpki, "bob"));
        exchange(pairing(), 6, 1);
        assertMessage(12, "inviter", joinerChannel, applicationMessage(pairing(),
                inviterChannel, joinerChannel, draw("inviter", 8), "hello bob"));
        assertMessage(13, "joiner", inviterChannel, applicationMessage(pairing(),
                joinerChannel, inviterChannel, draw("joiner", 4), "hello alice"));

        // The re-key: hellos on the device channels, no identity messages, seq from 0.
        Run rekey = rekey();
        assertMessage(14, "inviter", joinerChannel, "{\"v\":1,\"t\":\"hello\",\"role\":"
                + "\"inviter\",\"nonce\":\"" + b64(rekey.inviterNonce) + "\",\"from\":\""
                + inviterChannel + "\",\"have\":0,\"answer\":0}");
        assertMessage(15, "joiner", inviterChannel, "{\"v\":1,\"t\":\"hello\",\"role\":"
                + "\"joiner\",\"nonce\":\"" + b64(rekey.joinerNonce) + "\",\"from\":\""
                + joinerChannel + "\",\"have\":0,\"answer\":1}");
        exchange(rekey, 16, 0);
        assertMessage(22, "inviter", joinerChannel, applicationMessage(rekey, inviterChannel,
                joinerChannel, draw("inviter", 13), "hello again bob"));
        assertMessage(23, "joiner", inviterChannel, applicationMessage(rekey, joinerChannel,
                inviterChannel, draw("joiner", 7), "hello again alice"));
        assertTrue(VECTOR.keySet().stream().noneMatch(k -> k.startsWith("message 24,")));
    }

    /**
     * Messages first to first + 5 of an exchange: both ephemeral keys, both confirmations,
     * session key and acknowledgement, the ephemeral ones at position {@code seq}.
     */
    private static void exchange(Run run, int first, int seq) throws Exception {
        String inviterChannel = get("inviter device channel");
        String joinerChannel = get("joiner device channel");
        String inviterNonce = b64(run.inviterNonce);
        String joinerNonce = b64(run.joinerNonce);
        boolean pairing = run.kind == 'P';
        assertEphemeral(run, first, "joiner", inviterChannel, joinerNonce, joinerChannel, 'J',
                seq, joinerSpki, pairing ? draw("joiner", 3) : draw("joiner", 6));
        assertEphemeral(run, first + 1, "inviter", joinerChannel, inviterNonce, inviterChannel,
                'I', seq, inviterSpki, pairing ? draw("inviter", 5) : draw("inviter", 10));
        assertMessage(first + 2, "inviter", joinerChannel, "{\"v\":1,\"t\":\"confirm\","
                + "\"role\":\"inviter\",\"nonce\":\"" + inviterNonce + "\",\"from\":\""
                + inviterChannel + "\",\"seq\":" + (seq + 1) + ",\"mac\":\""
                + b64(hex(run.line("inviter confirmation"))) + "\"}");
        assertMessage(first + 3, "joiner", inviterChannel, "{\"v\":1,\"t\":\"confirm\","
                + "\"role\":\"joiner\",\"nonce\":\"" + joinerNonce + "\",\"from\":\""
                + joinerChannel + "\",\"seq\":" + (seq + 1) + ",\"mac\":\""
                + b64(hex(run.line("joiner confirmation"))) + "\"}");
        byte[] iv = pairing ? draw("inviter", 7) : draw("inviter", 12);
        byte[] plaintext = concat(run.sessionKey, u64(Long.parseLong(
                get("session key lifetime, ms"))));
        byte[] ciphertext = seal(Arrays.copyOfRange(run.okm(), 0, 16), iv, plaintext,
                concat(label("pfs1 session"), run.transcriptHash()));
        assertMessage(first + 4, "inviter", joinerChannel, "{\"v\":1,\"t\":\"session\","
                + "\"role\":\"inviter\",\"nonce\":\"" + inviterNonce + "\",\"from\":\""
                + inviterChannel + "\",\"seq\":" + (seq + 2) + ",\"iv\":\"" + b64(iv)
                + "\",\"ct\":\"" + b64(ciphertext) + "\"}");
        assertMessage(first + 5, "joiner", inviterChannel, "{\"v\":1,\"t\":\"ack\","
                + "\"role\":\"joiner\",\"nonce\":\"" + joinerNonce + "\",\"from\":\""
                + joinerChannel + "\",\"seq\":" + (seq + 2) + ",\"mac\":\""
                + b64(hex(run.line("joiner acknowledgement"))) + "\"}");
    }

    // ---- the page's layouts, written out again

    private static String identityMessage(char role, String roleName, String nonce, byte[] iv,
            byte[] spki, String name) throws Exception {
        byte[] aad = concat(label("pfs1 identity"), new byte[] {(byte) role}, draw("inviter", 1),
                draw("inviter", 3), draw("joiner", 1));
        byte[] plaintext = concat(u16(spki.length), spki, utf8(name));
        return "{\"v\":1,\"t\":\"identity\",\"role\":\"" + roleName + "\",\"nonce\":\"" + nonce
                + "\",\"seq\":0,\"iv\":\"" + b64(iv) + "\",\"ct\":\""
                + b64(seal(identityExchangeKey(), iv, plaintext, aad)) + "\"}";
    }

    /**
     * The signature cannot be written again without the private key's randomness, so it is
     * taken from the page, verified, and its PSS salt recovered and compared with the draw.
     */
    private static void assertEphemeral(Run run, int index, String sender, String to,
            String nonce, String from, char role, int seq, byte[] spki, byte[] salt)
            throws Exception {
        String data = messageData(index, sender, to);
        String signature = data.substring(data.indexOf("\"sig\":\"") + 7, data.length() - 2);
        byte[] key = run.ephemeralKey(sender);
        assertEquals("{\"v\":1,\"t\":\"ephemeral\",\"role\":\"" + sender + "\",\"nonce\":\""
                + nonce + "\",\"from\":\"" + from + "\",\"seq\":" + seq + ",\"key\":\""
                + b64(key) + "\",\"sig\":\"" + signature + "\"}", data);
        byte[] signed = concat(label("pfs1 ephemeral"), new byte[] {(byte) role},
                sha256(run.transcriptStart()), key);
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                32, 1));
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
        verifier.initVerify(publicKey);
        verifier.update(signed);
        assertTrue(verifier.verify(unb64(signature)), "signature of message " + index);
        assertArrayEquals(salt, pssSalt((RSAPublicKey) publicKey, unb64(signature)),
                "PSS salt of message " + index);
    }

    private static String applicationMessage(Run run, String from, String to, byte[] iv,
            String text) throws Exception {
        String keyId = run.line("session key ID");
        byte[] aad = concat(label("pfs1 message"), utf8(keyId), u64(1), u16(from.length()),
                utf8(from), u16(to.length()), utf8(to));
        return "{\"v\":1,\"t\":\"msg\",\"from\":\"" + from + "\",\"key\":\"" + keyId
                + "\",\"ctr\":1,\"iv\":\"" + b64(iv) + "\",\"ct\":\""
                + b64(seal(run.sessionKey, iv, utf8(text), aad)) + "\"}";
    }

    private static byte[] identityExchangeKey() throws Exception {
        return hkdf(draw("inviter", 2), draw("inviter", 1), label("pfs1 identity key"), 16);
    }

    /** ECDH on P-256: the x coordinate of our private scalar times their point. */
    private static byte[] sharedSecret(byte[] privateScalar, byte[] theirPoint)
            throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        KeyFactory factory = KeyFactory.getInstance("EC");
        PublicKey theirs = factory.generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(theirPoint, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(theirPoint, 33, 65))), curve));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(factory.generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, privateScalar), curve)));
        agreement.doPhase(theirs, true);
        return agreement.generateSecret();
    }

    private static String deviceChannel(byte[] spki) throws Exception {
        return "pfs-dev-" + b64(Arrays.copyOf(sha256(concat(label("pfs1 device channel"),
                spki)), 16));
    }

    // ---- primitives from their RFCs

    /** RFC 5869 with HMAC-SHA256. */
    private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length)
            throws Exception {
        byte[] prk = hmac(salt, ikm);
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] block = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            block = hmac(prk, concat(block, info, new byte[] {(byte) i}));
            okm.write(block);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    /** RFC 8017 section 9.1.2, steps 3 to 11, on s^e mod n: the salt inside a signature. */
    private static byte[] pssSalt(RSAPublicKey key, byte[] signature) throws Exception {
        int emBits = key.getModulus().bitLength() - 1;
        int emLength = (emBits + 7) / 8;
        byte[] em = fixedLength(new BigInteger(1, signature).modPow(key.getPublicExponent(),
                key.getModulus()), emLength);
        assertEquals((byte) 0xbc, em[emLength - 1]);
        byte[] h = Arrays.copyOfRange(em, emLength - 33, emLength - 1);
        byte[] db = Arrays.copyOf(em, emLength - 33);
        byte[] mask = new byte[db.length];
        for (int counter = 0, offset = 0; offset < mask.length; counter++, offset += 32) {
            byte[] t = sha256(concat(h, new byte[] {0, 0, 0, (byte) counter}));
            System.arraycopy(t, 0, mask, offset, Math.min(32, mask.length - offset));
        }
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLength - emBits));
        int one = db.length - 33;
        assertEquals(1, db[one], "0x01 before a 32-byte salt");
        return Arrays.copyOfRange(db, one + 1, db.length);
    }

    private static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] aad)
            throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(plaintext);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] publicKeyOf(String pkcs8) throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(
                new PKCS8EncodedKeySpec(unb64(pkcs8)));
        return rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(),
                key.getPublicExponent())).getEncoded();
    }

    // ---- reading the page

    private static void assertMessage(int index, String sender, String channel,
            String expected) {
        assertEquals(expected, messageData(index, sender, channel), "message " + index);
    }

    private static String messageData(int index, String sender, String channel) {
        return get("message " + index + ", " + sender + " to " + channel);
    }

    private static String get(String name) {
        String value = VECTOR.get(name);
        if (value == null) {
            throw new AssertionError("no line '" + name + "' in the vector");
        }
        return value;
    }

    private static byte[] draw(String device, int n) {
        String prefix = device + " random " + n + ", ";
        return hex(VECTOR.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix)).getValue());
    }

    // ---- bytes

    private static byte[] label(String text) {
        return concat(utf8(text), new byte[] {0});
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] u64(long value) {
        return fixedLength(BigInteger.valueOf(value), 8);
    }

    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] result = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, result, length - copy, copy);
        return result;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
