package dev.pfs.crypto.contract;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.EphemeralKeyPair;
import dev.pfs.crypto.IdentityKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every contract case against a backend and reports each one. Use:
 * {@code for (CaseResult r : CryptoContract.run(suite)) ...}. Cases run one after another on the
 * calling thread; a backend whose calls suspend (WebCrypto under TeaVM) works unchanged.
 */
public final class CryptoContract {
    /** One case: a name and a body that throws when the backend breaks the contract. */
    private interface Body {
        void run(CryptoSuite suite) throws Exception;
    }

    private static final class Case {
        final String name;
        final Body body;

        Case(String name, Body body) {
            this.name = name;
            this.body = body;
        }
    }

    private static final String RSA_PSS_MESSAGE = "pfs contract: RSA-PSS known answer";
    private static final String RSA_1024_PUBLIC_KEY = ""
            + "30819f300d06092a864886f70d010101050003818d00308189028181009a126b342692bfbb49"
            + "84e293c0e1f708d09c2ce0dc9b2a5369d1ab72188b6b338eaf801042517016f0a70ca974d614"
            + "a2d7401cc470c4ac0b0410393f30e4c0032b4e472ed8bb620a3ef87efd0f87000220f948cbd7"
            + "adfde03b0e892ba8e49ddfb8b282778c46b19397e03bf4a2871fadf70e56452e8d6c4a318706"
            + "7d610507a70203010001";
    private static final String RSA_2048_PUBLIC_KEY = ""
            + "30820122300d06092a864886f70d01010105000382010f003082010a0282010100b42147a9ca"
            + "93dbb2a333b6ef4e832a215e4dfaf6cdadb8583976b407713bbcdbaf772278df23ff11af5d68"
            + "c353f32679a29452c720af1f4d802ba0d51478a25ef097f86164b1b014717cf73f6c3c7dd33d"
            + "cd77f671d31d60c992eb93adfc1bf987286b7b6b43d156248e3392c680f19feb6d8a0d740575"
            + "f447f490eb848d2fc9282b4cc0223bb26d6b6b721f12e6eeeda870e17424fb32af3411a78f24"
            + "740781dbac2973fdd7e9f9b0f0d4bd63e27567a49433a4504fe9bc9bf646ebaa763c73639ee8"
            + "904043ddc02f59c7678deb4a76015a2d646c9feff9ce2a696e1a5c829d6930b7699dd319f4ad"
            + "937024cdecef02b2ef686828e0cf2b5f61023ebbd9ae510203010001";
    private static final String RSA_2048_SIGNATURE = ""
            + "99ecae6e3014f6b0f3789f2483e28f262f2b8d3cfac57c688c8b01c74d12238a0bef07896f05"
            + "eb00d648e29c8ca1bb64d8f0bb420b9eac53324e63216d0b10f68691eb73c00a5a0ece51be23"
            + "3130189aeb68a1fbeb4efc9631a90a9ebd33f72877a36a761e648a2329c8a0b88daca5a2944e"
            + "3cd7aa5fa0a49f8b55056939d6f8cafe2dcf91252ffa8726a738c7235370ad146b7a32414894"
            + "4bcbf53f8d96d12ad7cefce6d40a4bc9b53d90d25a0f39c1692fc60c6ddb35a6c6f4697e93df"
            + "f9eddc1381efdb1ae1ff2d8f26a4b25a91105925d91ddf6db62978c749fa78c5c126f654d4cc"
            + "c8326641affae07ccf920e453f884c252c257d0d0286fa979a903efa";
    private static final String EC_PUBLIC_KEY = ""
            + "3059301306072a8648ce3d020106082a8648ce3d03010703420004ffb2b6e46ee915b85d1f58"
            + "5154a242f85a1816edbef1f4ca7d02b73cb4f9bc76e55689c99c6bd02ec13958e7654972cc7f"
            + "cc6ee08ce08535d5af28d1154f04e7";

    private CryptoContract() {
    }

    /** The names of every case, in the order {@link #run} runs them. */
    public static List<String> caseNames() {
        List<String> names = new ArrayList<>();
        for (Case c : cases()) {
            names.add(c.name);
        }
        return names;
    }

    /** Runs every case; a case passes unless its body throws. Never throws itself. */
    public static List<CaseResult> run(CryptoSuite suite) {
        List<CaseResult> results = new ArrayList<>();
        for (Case c : cases()) {
            results.add(runCase(suite, c));
        }
        return results;
    }

    private static CaseResult runCase(CryptoSuite suite, Case c) {
        try {
            c.body.run(suite);
            return new CaseResult(c.name, true, "ok");
        } catch (ContractFailure e) {
            return new CaseResult(c.name, false, e.getMessage());
        } catch (Throwable e) {
            // A backend error is a failure of the case, reported with its type, not a crash.
            return new CaseResult(c.name, false, "unexpected " + e.getClass().getName() + ": "
                    + e.getMessage());
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        addDigestCases(cases);
        addMacCases(cases);
        addHkdfCases(cases);
        addAeadCases(cases);
        addSignatureCases(cases);
        addKeyAgreementCases(cases);
        addRandomCases(cases);
        return cases;
    }

    // ---- SHA-256, FIPS 180-4 examples

    private static void addDigestCases(List<Case> cases) {
        cases.add(new Case("sha256/empty", s -> equal(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                s.digest().sha256(new byte[0]))));
        cases.add(new Case("sha256/abc", s -> equal(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                s.digest().sha256(ascii("abc")))));
        cases.add(new Case("sha256/448-bit", s -> equal(
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                s.digest().sha256(ascii(
                        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))));
    }

    // ---- HMAC-SHA256, RFC 4231 section 4

    private static void addMacCases(List<Case> cases) {
        cases.add(new Case("hmac/rfc4231-1", s -> equal(
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                s.mac().hmacSha256(repeat(0x0b, 20), ascii("Hi There")))));
        cases.add(new Case("hmac/rfc4231-2", s -> equal(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                s.mac().hmacSha256(ascii("Jefe"), ascii("what do ya want for nothing?")))));
        cases.add(new Case("hmac/rfc4231-3", s -> equal(
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                s.mac().hmacSha256(repeat(0xaa, 20), repeat(0xdd, 50)))));
        cases.add(new Case("hmac/rfc4231-6", s -> equal(
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                s.mac().hmacSha256(repeat(0xaa, 131),
                        ascii("Test Using Larger Than Block-Size Key - Hash Key First")))));
    }

    // ---- HKDF-SHA256, RFC 5869 appendix A.1 to A.3

    private static void addHkdfCases(List<Case> cases) {
        cases.add(new Case("hkdf/rfc5869-a1", s -> equal(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                        + "34007208d5b887185865",
                s.hkdf().deriveSha256(repeat(0x0b, 22), hex("000102030405060708090a0b0c"),
                        hex("f0f1f2f3f4f5f6f7f8f9"), 42))));
        cases.add(new Case("hkdf/rfc5869-a2", s -> equal(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
                s.hkdf().deriveSha256(counting(0x00, 80), counting(0x60, 80),
                        counting(0xb0, 80), 82))));
        cases.add(new Case("hkdf/rfc5869-a3", s -> equal(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                        + "9d201395faa4b61a96c8",
                s.hkdf().deriveSha256(repeat(0x0b, 22), new byte[0], new byte[0], 42))));
        cases.add(new Case("hkdf/rejects-too-long-output", s -> fails(
                () -> s.hkdf().deriveSha256(repeat(1, 16), new byte[0], new byte[0],
                        255 * 32 + 1))));
    }

    // ---- AES-128-GCM, test cases 1 to 4 of the GCM specification (McGrew and Viega)

    private static final String GCM_KEY = "feffe9928665731c6d6a8f9467308308";
    private static final String GCM_IV = "cafebabefacedbaddecaf888";
    private static final String GCM_PLAINTEXT = "d9313225f88406e5a55909c5aff5269a"
            + "86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
            + "b16aedf5aa0de657ba637b391aafd255";
    private static final String GCM_CIPHERTEXT = "42831ec2217774244b7221b784d0d49c"
            + "e3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
            + "1ba30b396a0aac973d58e091473f5985";

    private static void addAeadCases(List<Case> cases) {
        cases.add(new Case("aes-gcm/test-case-1", s -> gcm(s, "00000000000000000000000000000000",
                "000000000000000000000000", "", "", "",
                "58e2fccefa7e3061367f1d57a4e7455a")));
        cases.add(new Case("aes-gcm/test-case-2", s -> gcm(s, "00000000000000000000000000000000",
                "000000000000000000000000", "00000000000000000000000000000000", "",
                "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf")));
        cases.add(new Case("aes-gcm/test-case-3", s -> gcm(s, GCM_KEY, GCM_IV, GCM_PLAINTEXT, "",
                GCM_CIPHERTEXT, "4d5c2af327cd64a62cf35abd2ba6fab4")));
        cases.add(new Case("aes-gcm/test-case-4", s -> gcm(s, GCM_KEY, GCM_IV,
                GCM_PLAINTEXT.substring(0, 120), "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                GCM_CIPHERTEXT.substring(0, 120), "5bc94fbc3221a5db94fae95ae7121a47")));
        cases.add(new Case("aes-gcm/rejects-every-flipped-tag-bit", s -> {
            byte[] sealed = sealSample(s);
            for (int bit = 0; bit < Aead.TAG_SIZE_IN_BYTES * 8; bit++) {
                int index = sealed.length - Aead.TAG_SIZE_IN_BYTES + bit / 8;
                openFails(s, hex(GCM_KEY), hex(GCM_IV), flip(sealed, index, bit % 8),
                        ascii("aad"), "tag bit " + bit);
            }
        }));
        cases.add(new Case("aes-gcm/rejects-every-flipped-ciphertext-bit", s -> {
            byte[] sealed = sealSample(s);
            for (int bit = 0; bit < (sealed.length - Aead.TAG_SIZE_IN_BYTES) * 8; bit++) {
                openFails(s, hex(GCM_KEY), hex(GCM_IV), flip(sealed, bit / 8, bit % 8),
                        ascii("aad"), "ciphertext bit " + bit);
            }
        }));
        cases.add(new Case("aes-gcm/rejects-wrong-associated-data", s -> {
            openFails(s, hex(GCM_KEY), hex(GCM_IV), sealSample(s), ascii("aae"), "other AAD");
            openFails(s, hex(GCM_KEY), hex(GCM_IV), sealSample(s), new byte[0], "empty AAD");
        }));
        cases.add(new Case("aes-gcm/rejects-wrong-key-or-iv", s -> {
            byte[] otherIv = hex(GCM_IV);
            otherIv[0] ^= 1;
            byte[] otherKey = hex(GCM_KEY);
            otherKey[15] ^= 1;
            openFails(s, hex(GCM_KEY), otherIv, sealSample(s), ascii("aad"), "other IV");
            openFails(s, otherKey, hex(GCM_IV), sealSample(s), ascii("aad"), "other key");
        }));
        cases.add(new Case("aes-gcm/rejects-truncated-input", s -> {
            byte[] sealed = sealSample(s);
            openFails(s, hex(GCM_KEY), hex(GCM_IV), Arrays.copyOf(sealed, sealed.length - 1),
                    ascii("aad"), "one byte short");
            openFails(s, hex(GCM_KEY), hex(GCM_IV), new byte[15], ascii("aad"),
                    "shorter than a tag");
        }));
        cases.add(new Case("aes-gcm/failures-read-the-same", s -> {
            byte[] sealed = sealSample(s);
            String wrongAad = failureMessage(() -> s.aead().open(hex(GCM_KEY), hex(GCM_IV),
                    sealed, ascii("aae")));
            String wrongTag = failureMessage(() -> s.aead().open(hex(GCM_KEY), hex(GCM_IV),
                    flip(sealed, sealed.length - 1, 0), ascii("aad")));
            check(wrongAad.equals(wrongTag), "expected one message for every authentication"
                    + " failure, got '" + wrongAad + "' and '" + wrongTag + "'");
        }));
        cases.add(new Case("aes-gcm/rejects-other-key-and-iv-sizes", s -> {
            fails(() -> s.aead().seal(new byte[32], hex(GCM_IV), new byte[1], new byte[0]));
            fails(() -> s.aead().seal(new byte[8], hex(GCM_IV), new byte[1], new byte[0]));
            fails(() -> s.aead().seal(hex(GCM_KEY), new byte[16], new byte[1], new byte[0]));
        }));
    }

    // ---- RSA-PSS identity keys

    private static void addSignatureCases(List<Case> cases) {
        cases.add(new Case("rsa-pss/verifies-known-signature", s -> check(
                s.signatures().verify(hex(RSA_2048_PUBLIC_KEY), ascii(RSA_PSS_MESSAGE),
                        hex(RSA_2048_SIGNATURE)),
                "expected the known SHA-256/MGF1-SHA-256/salt-32 signature to verify")));
        cases.add(new Case("rsa-pss/rejects-other-message", s -> check(
                !s.signatures().verify(hex(RSA_2048_PUBLIC_KEY), ascii(RSA_PSS_MESSAGE + "."),
                        hex(RSA_2048_SIGNATURE)),
                "expected a signature of another message to fail")));
        cases.add(new Case("rsa-pss/rejects-every-flipped-signature-bit", s -> {
            byte[] signature = hex(RSA_2048_SIGNATURE);
            for (int bit = 0; bit < signature.length * 8; bit++) {
                check(!s.signatures().verify(hex(RSA_2048_PUBLIC_KEY), ascii(RSA_PSS_MESSAGE),
                        flip(signature, bit / 8, bit % 8)), "signature bit " + bit
                        + " flipped still verified");
            }
        }));
        cases.add(new Case("rsa-pss/sign-then-verify", s -> {
            IdentityKeyPair identity = s.signatures().generateIdentityKey();
            byte[] message = ascii("sign-then-verify");
            byte[] first = identity.sign(message);
            byte[] second = identity.sign(message);
            check(first.length == 256, "expected a 256-byte signature, got " + first.length);
            check(s.signatures().verify(identity.publicKey(), message, first),
                    "expected our own signature to verify");
            check(!Arrays.equals(first, second), "expected two signatures of one message to"
                    + " differ (random salt)");
            check(!s.signatures().verify(identity.publicKey(), ascii("other"), first),
                    "expected a signature to fail on another message");
        }));
        cases.add(new Case("rsa-pss/rejects-short-modulus", s -> fails(
                () -> s.signatures().verify(hex(RSA_1024_PUBLIC_KEY), ascii("m"),
                        new byte[128]))));
        cases.add(new Case("rsa-pss/rejects-non-rsa-key", s -> {
            fails(() -> s.signatures().verify(hex(EC_PUBLIC_KEY), ascii("m"), new byte[256]));
            fails(() -> s.signatures().verify(new byte[] {0x30, 0x00}, ascii("m"),
                    new byte[256]));
        }));
    }

    // ---- ECDH P-256 ephemeral keys

    private static void addKeyAgreementCases(List<Case> cases) {
        cases.add(new Case("ecdh/both-sides-agree", s -> {
            EphemeralKeyPair ours = s.keyAgreement().generateEphemeralKey();
            EphemeralKeyPair theirs = s.keyAgreement().generateEphemeralKey();
            byte[] ourKey = ours.publicKey();
            check(ourKey.length == 65 && ourKey[0] == 0x04, "expected an uncompressed point of"
                    + " 65 bytes, got " + ourKey.length + " bytes");
            byte[] ourSecret = ours.agree(theirs.publicKey());
            byte[] theirSecret = theirs.agree(ourKey);
            check(ourSecret.length == EphemeralKeyPair.SHARED_SECRET_SIZE_IN_BYTES,
                    "expected a 32-byte shared secret, got " + ourSecret.length);
            check(Arrays.equals(ourSecret, theirSecret), "expected both sides to agree");
        }));
        cases.add(new Case("ecdh/rejects-point-off-curve", s -> {
            byte[] point = s.keyAgreement().generateEphemeralKey().publicKey();
            agreeFails(s, flip(point, 64, 0), "y with its last bit flipped");
        }));
        cases.add(new Case("ecdh/rejects-malformed-points", s -> {
            byte[] point = s.keyAgreement().generateEphemeralKey().publicKey();
            byte[] compressed = Arrays.copyOf(point, 33);
            compressed[0] = 0x02;
            agreeFails(s, compressed, "compressed form");
            agreeFails(s, Arrays.copyOf(point, 64), "one byte short");
            byte[] prefix = point.clone();
            prefix[0] = 0x05;
            agreeFails(s, prefix, "prefix 0x05");
            byte[] zero = new byte[65];
            zero[0] = 0x04;
            agreeFails(s, zero, "all-zero coordinates");
            agreeFails(s, hex("04ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
                    + "0000000000000000000000000000000000000000000000000000000000000000"),
                    "x equal to the field prime");
        }));
        cases.add(new Case("ecdh/destroyed-key-is-unusable", s -> {
            EphemeralKeyPair ours = s.keyAgreement().generateEphemeralKey();
            byte[] theirs = s.keyAgreement().generateEphemeralKey().publicKey();
            check(!ours.isDestroyed(), "expected a fresh key not to be destroyed");
            ours.destroy();
            ours.destroy();
            check(ours.isDestroyed(), "expected isDestroyed after destroy");
            try {
                ours.agree(theirs);
            } catch (IllegalStateException expected) {
                return;
            }
            throw new ContractFailure("expected IllegalStateException from agree after destroy");
        }));
    }

    private static void addRandomCases(List<Case> cases) {
        cases.add(new Case("random/lengths-and-freshness", s -> {
            for (int length : new int[] {0, 1, 12, 16, 100}) {
                int got = s.random().nextBytes(length).length;
                check(got == length, "expected " + length + " bytes, got " + got);
            }
            check(!Arrays.equals(s.random().nextBytes(32), s.random().nextBytes(32)),
                    "expected two 32-byte draws to differ");
        }));
    }

    // ---- helpers

    private interface Call {
        Object run() throws Exception;
    }

    private static void gcm(CryptoSuite s, String key, String iv, String plaintext, String aad,
            String ciphertext, String tag) throws CryptoException {
        byte[] sealed = s.aead().seal(hex(key), hex(iv), hex(plaintext), hex(aad));
        equal(ciphertext + tag, sealed);
        equal(plaintext, s.aead().open(hex(key), hex(iv), sealed, hex(aad)));
    }

    private static byte[] sealSample(CryptoSuite s) throws CryptoException {
        return s.aead().seal(hex(GCM_KEY), hex(GCM_IV), ascii("attack at dawn"), ascii("aad"));
    }

    private static void openFails(CryptoSuite s, byte[] key, byte[] iv, byte[] sealed,
            byte[] aad, String what) {
        try {
            s.aead().open(key, iv, sealed, aad);
        } catch (CryptoException expected) {
            return;
        }
        throw new ContractFailure("expected decryption to fail with " + what);
    }

    private static void agreeFails(CryptoSuite s, byte[] point, String what) throws Exception {
        EphemeralKeyPair ours = s.keyAgreement().generateEphemeralKey();
        try {
            ours.agree(point);
        } catch (CryptoException expected) {
            return;
        }
        throw new ContractFailure("expected the point to be rejected: " + what);
    }

    /** Expects a CryptoException. */
    private static void fails(Call call) throws Exception {
        failureMessage(call);
    }

    private static String failureMessage(Call call) throws Exception {
        try {
            call.run();
        } catch (CryptoException expected) {
            return String.valueOf(expected.getMessage());
        }
        throw new ContractFailure("expected a CryptoException");
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new ContractFailure(failure);
        }
    }

    private static void equal(String expectedHex, byte[] actual) {
        String got = toHex(actual);
        if (!got.equals(expectedHex)) {
            throw new ContractFailure("expected " + expectedHex + ", got " + got);
        }
    }

    private static byte[] flip(byte[] bytes, int index, int bit) {
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) (1 << bit);
        return copy;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] counting(int first, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static String toHex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16))
                    .append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
