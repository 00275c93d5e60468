package dev.pfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.Digest;
import dev.pfs.crypto.EphemeralKeyPair;
import dev.pfs.crypto.Hkdf;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.KeyAgreement;
import dev.pfs.crypto.Mac;
import dev.pfs.crypto.RandomSource;
import dev.pfs.crypto.Signatures;
import dev.pfs.crypto.jca.JcaCryptoSuite;
import dev.pfs.crypto.jca.JcaSignatures;
import dev.pfs.crypto.jca.JcaTestKeys;
import dev.pfs.protocol.wire.Base64Url;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test vector in protocol.md: fixed identity keys, ephemeral keys and random bytes in, every
 * message and derived value out. The test reads the keys from the page, runs a pairing and one
 * message each way, a re-key and one more message each way, and compares its output with the
 * page, line by line. Its {@code main} prints the vector for the page (hence public):
 * {@code mvn -q -pl client test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.pfs.protocol.ProtocolVectorTest [-Dexec.args=fresh]}.
 */
public class ProtocolVectorTest {
    /** From client/ (the tests) or from the repository root (exec:java). */
    private static final Path PAGE = Files.exists(Path.of("..", "src", "site", "markdown"))
            ? Path.of("..", "src", "site", "markdown", "protocol.md")
            : Path.of("src", "site", "markdown", "protocol.md");
    private static final String BEGIN = "```text\n# pfs protocol 1 test vector\n";
    private static final String END = "```\n";
    private static final long START_MILLIS = 1_750_000_000_000L;

    /** The inputs no rule can produce: both identity keys and the ephemeral keys. */
    private static final class Keys {
        String inviterIdentity;
        String joinerIdentity;
        byte[][] inviterEphemeral;
        byte[][] joinerEphemeral;
        byte[][] inviterRekeyEphemeral;
        byte[][] joinerRekeyEphemeral;
    }

    @Test
    void vector_inProtocolMd_isWhatTheCodeProduces() throws Exception {
        String documented = documented();
        assertEquals(documented, vector(keys(documented, false)));
    }

    /**
     * Prints the vector for the page: a tool, not a test. It keeps the keys the page lists and
     * makes new ones where the page has none; {@code fresh} as argument makes every key new.
     */
    public static void main(String[] args) throws Exception {
        boolean fresh = args.length > 0 && args[0].equals("fresh");
        System.out.print(vector(keys(documented(), fresh)));
    }

    private static String documented() throws java.io.IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END, begin + BEGIN.length());
        return page.substring(begin, end + END.length());
    }

    /** The keys the vector lists; with {@code fresh}, or where it lists none, new ones. */
    private static Keys keys(String documented, boolean fresh) throws Exception {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : documented.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.startsWith("#") && !fresh) {
                lines.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        Keys keys = new Keys();
        keys.inviterIdentity = identity(lines.get("inviter identity key, PKCS#8"));
        keys.joinerIdentity = identity(lines.get("joiner identity key, PKCS#8"));
        keys.inviterEphemeral = ephemeral(lines, "inviter ephemeral");
        keys.joinerEphemeral = ephemeral(lines, "joiner ephemeral");
        keys.inviterRekeyEphemeral = ephemeral(lines, "inviter re-key ephemeral");
        keys.joinerRekeyEphemeral = ephemeral(lines, "joiner re-key ephemeral");
        return keys;
    }

    private static String identity(String documented) {
        return documented != null ? documented : Base64Url.encode(JcaSignatures
                .exportPrivateKey(JcaCryptoSuite.create().signatures().generateIdentityKey()));
    }

    private static byte[][] ephemeral(Map<String, String> lines, String name)
            throws java.security.GeneralSecurityException {
        String privateKey = lines.get(name + " private key");
        return privateKey == null ? JcaTestKeys.freshEphemeral()
                : new byte[][] {hex(privateKey), hex(lines.get(name + " public key"))};
    }

    /** Runs the pairing on the inputs and writes the whole vector block. */
    private static String vector(Keys keys) throws Exception {
        Recorder inviterRandom = new Recorder("inviter");
        Recorder joinerRandom = new Recorder("joiner");
        CryptoSuite inviterCrypto = new FixedSuite(inviterRandom, keys.inviterEphemeral,
                keys.inviterRekeyEphemeral);
        CryptoSuite joinerCrypto = new FixedSuite(joinerRandom, keys.joinerEphemeral,
                keys.joinerRekeyEphemeral);
        IdentityKeyPair inviterIdentity = ((FixedSuite) inviterCrypto).importIdentity(
                keys.inviterIdentity);
        IdentityKeyPair joinerIdentity = ((FixedSuite) joinerCrypto).importIdentity(
                keys.joinerIdentity);

        InMemoryRelay relay = new InMemoryRelay();
        ManualClock clock = new ManualClock();
        RecordingListener inviterEvents = new RecordingListener();
        RecordingListener joinerEvents = new RecordingListener();
        MemoryStore inviterStore = new MemoryStore(inviterIdentity);
        MemoryStore joinerStore = new MemoryStore(joinerIdentity);
        Device inviter = device("alice", inviterCrypto, inviterStore, relay, clock,
                inviterEvents);
        Device joiner = device("bob", joinerCrypto, joinerStore, relay, clock, joinerEvents);
        relay.run();
        Invitation invitation = inviter.invite();
        relay.run();
        joiner.join(inviter.linkFor(invitation));
        relay.run();
        inviter.send(joiner.fingerprint(), "hello bob");
        joiner.send(inviter.fingerprint(), "hello alice");
        relay.run();
        assertEquals(List.of("hello bob"), joinerEvents.messages);
        assertEquals(List.of("hello alice"), inviterEvents.messages);
        int rekeyStart = relay.log().size();
        byte[] pairingSessionKey = inviterStore.peer(joiner.fingerprint()).sessionKey();
        inviter.rekey(joiner.fingerprint());
        relay.run();
        inviter.send(joiner.fingerprint(), "hello again bob");
        joiner.send(inviter.fingerprint(), "hello again alice");
        relay.run();
        assertEquals(List.of("hello bob", "hello again bob"), joinerEvents.messages);
        assertEquals(List.of("hello alice", "hello again alice"), inviterEvents.messages);

        StringBuilder out = new StringBuilder(BEGIN);
        out.append("# inputs\n");
        line(out, "time, ms since 1970", String.valueOf(START_MILLIS));
        line(out, "session key lifetime, ms",
                String.valueOf(DeviceConfig.DEFAULT_SESSION_KEY_LIFETIME_MILLIS));
        line(out, "inviter name", "alice");
        line(out, "joiner name", "bob");
        line(out, "inviter identity key, PKCS#8", keys.inviterIdentity);
        line(out, "joiner identity key, PKCS#8", keys.joinerIdentity);
        line(out, "inviter ephemeral private key", hex(keys.inviterEphemeral[0]));
        line(out, "inviter ephemeral public key", hex(keys.inviterEphemeral[1]));
        line(out, "joiner ephemeral private key", hex(keys.joinerEphemeral[0]));
        line(out, "joiner ephemeral public key", hex(keys.joinerEphemeral[1]));
        line(out, "inviter re-key ephemeral private key", hex(keys.inviterRekeyEphemeral[0]));
        line(out, "inviter re-key ephemeral public key", hex(keys.inviterRekeyEphemeral[1]));
        line(out, "joiner re-key ephemeral private key", hex(keys.joinerRekeyEphemeral[0]));
        line(out, "joiner re-key ephemeral public key", hex(keys.joinerRekeyEphemeral[1]));
        inviterRandom.describe(out, "channel ID", "pairing secret", "nonce", "identity IV",
                "PSS salt", "session key", "session IV", "message IV", "re-key nonce",
                "re-key PSS salt", "re-key session key", "re-key session IV",
                "re-key message IV");
        joinerRandom.describe(out, "nonce", "identity IV", "PSS salt", "message IV",
                "re-key nonce", "re-key PSS salt", "re-key message IV");

        byte[] inviterKey = inviterIdentity.publicKey();
        byte[] joinerKey = joinerIdentity.publicKey();
        byte[] channelId = invitation.channelId();
        byte[] inviterNonce = nonce(relay, "inviter");
        byte[] joinerNonce = nonce(relay, "joiner");
        JcaCryptoSuite crypto = JcaCryptoSuite.create();
        byte[] transcriptStart = KeySchedule.transcriptStart(KeySchedule.KIND_PAIRING, channelId,
                inviterNonce, joinerNonce, inviterKey, joinerKey);
        byte[] transcriptHash = KeySchedule.transcriptHash(crypto, transcriptStart,
                keys.inviterEphemeral[1], keys.joinerEphemeral[1]);
        byte[] sharedSecret = JcaTestKeys.ephemeral(keys.inviterEphemeral[0],
                keys.inviterEphemeral[1]).agree(keys.joinerEphemeral[1]);
        KeySchedule.Keys derived = KeySchedule.derive(crypto, sharedSecret, inviterNonce,
                joinerNonce, transcriptHash);
        byte[] rekeyInviterNonce = nonce(relay, rekeyStart, "inviter");
        byte[] rekeyJoinerNonce = nonce(relay, rekeyStart, "joiner");
        byte[] rekeyStartBytes = KeySchedule.transcriptStart(KeySchedule.KIND_REKEY,
                new byte[Invitation.CHANNEL_ID_SIZE_IN_BYTES], rekeyInviterNonce,
                rekeyJoinerNonce, inviterKey, joinerKey);
        byte[] rekeyHash = KeySchedule.transcriptHash(crypto, rekeyStartBytes,
                keys.inviterRekeyEphemeral[1], keys.joinerRekeyEphemeral[1]);
        byte[] rekeySecret = JcaTestKeys.ephemeral(keys.inviterRekeyEphemeral[0],
                keys.inviterRekeyEphemeral[1]).agree(keys.joinerRekeyEphemeral[1]);
        KeySchedule.Keys rekeyed = KeySchedule.derive(crypto, rekeySecret, rekeyInviterNonce,
                rekeyJoinerNonce, rekeyHash);
        PeerRecord inviterView = inviterStore.peer(joiner.fingerprint());
        PeerRecord joinerView = joinerStore.peer(inviter.fingerprint());
        assertArrayEquals(inviterView.sessionKey(), joinerView.sessionKey());
        assertEquals(KeySchedule.keyId(rekeyHash), inviterView.sessionKeyId());
        assertEquals(List.of(derived.sas, rekeyed.sas), inviterEvents.sas);
        assertEquals(List.of(derived.sas, rekeyed.sas), joinerEvents.sas);

        out.append("# derived values\n");
        line(out, "inviter identity key, SPKI", Base64Url.encode(inviterKey));
        line(out, "joiner identity key, SPKI", Base64Url.encode(joinerKey));
        line(out, "inviter fingerprint", inviter.fingerprint());
        line(out, "joiner fingerprint", joiner.fingerprint());
        line(out, "inviter device channel", inviter.deviceChannel());
        line(out, "joiner device channel", joiner.deviceChannel());
        line(out, "invitation link", inviter.linkFor(invitation));
        line(out, "pairing channel", invitation.channelName());
        line(out, "identity exchange key", hex(KeySchedule.identityKey(crypto,
                invitation.pairingSecret(), channelId)));
        line(out, "transcript start, SHA-256", hex(crypto.digest().sha256(transcriptStart)));
        line(out, "ECDH shared secret", hex(sharedSecret));
        line(out, "transcript hash", hex(transcriptHash));
        line(out, "pairing key", hex(derived.pairingKey));
        line(out, "confirmation key", hex(derived.confirmationKey));
        line(out, "SAS", derived.sas);
        line(out, "inviter confirmation", hex(crypto.mac().hmacSha256(derived.confirmationKey,
                KeySchedule.confirmationData(Role.INVITER, transcriptHash))));
        line(out, "joiner confirmation", hex(crypto.mac().hmacSha256(derived.confirmationKey,
                KeySchedule.confirmationData(Role.JOINER, transcriptHash))));
        line(out, "session key", hex(pairingSessionKey));
        line(out, "session key ID", KeySchedule.keyId(transcriptHash));
        line(out, "joiner acknowledgement", hex(crypto.mac().hmacSha256(
                pairingSessionKey, KeySchedule.ackData(transcriptHash))));
        out.append("# derived values of the re-key\n");
        line(out, "re-key transcript start, SHA-256", hex(crypto.digest().sha256(
                rekeyStartBytes)));
        line(out, "re-key ECDH shared secret", hex(rekeySecret));
        line(out, "re-key transcript hash", hex(rekeyHash));
        line(out, "re-key pairing key", hex(rekeyed.pairingKey));
        line(out, "re-key confirmation key", hex(rekeyed.confirmationKey));
        line(out, "re-key SAS", rekeyed.sas);
        line(out, "re-key inviter confirmation", hex(crypto.mac().hmacSha256(
                rekeyed.confirmationKey, KeySchedule.confirmationData(Role.INVITER, rekeyHash))));
        line(out, "re-key joiner confirmation", hex(crypto.mac().hmacSha256(
                rekeyed.confirmationKey, KeySchedule.confirmationData(Role.JOINER, rekeyHash))));
        line(out, "re-key session key", hex(inviterView.sessionKey()));
        line(out, "re-key session key ID", inviterView.sessionKeyId());
        line(out, "re-key joiner acknowledgement", hex(crypto.mac().hmacSha256(
                inviterView.sessionKey(), KeySchedule.ackData(rekeyHash))));
        out.append("# messages, in the order published (channel, then the JSON)\n");
        int index = 1;
        for (InMemoryRelay.Publish publish : relay.log()) {
            String sender = (String) Fixture.parse(publish.data).get("role");
            if (sender == null) {
                sender = publish.data.contains(inviter.deviceChannel()) ? "inviter" : "joiner";
            }
            line(out, "message " + index++ + ", " + sender + " to " + publish.channel,
                    publish.data);
        }
        return out.append(END).toString();
    }

    private static Device device(String name, CryptoSuite crypto, MemoryStore store,
            InMemoryRelay relay, ManualClock clock, RecordingListener events) throws Exception {
        InMemoryRelay.Connection connection = relay.connect();
        Device device = new Device(DeviceConfig.builder().deviceName(name).build(), crypto,
                Fixture.JSON, store, connection, clock, events);
        device.start();
        connection.connect(device);
        return device;
    }

    private static byte[] nonce(InMemoryRelay relay, String role) {
        return nonce(relay, 0, role);
    }

    /** The nonce of the first message from the role at or after position {@code from}. */
    private static byte[] nonce(InMemoryRelay relay, int from, String role) {
        for (InMemoryRelay.Publish publish : relay.log().subList(from, relay.log().size())) {
            if (role.equals(Fixture.parse(publish.data).get("role"))) {
                return Base64Url.decode((String) Fixture.parse(publish.data).get("nonce"));
            }
        }
        throw new AssertionError("no message from the " + role);
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append('\n');
    }

    private static String hex(byte[] bytes) {
        return Bytes.hex(bytes);
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /**
     * Random bytes by rule: draw n of a device is the first bytes of
     * SHA-256("pfs1 vector " + device + " " + n), repeated as needed. Remembers every draw.
     */
    private static final class Recorder implements RandomSource {
        private final String device;
        private final List<byte[]> draws = new ArrayList<>();

        Recorder(String device) {
            this.device = device;
        }

        @Override
        public byte[] nextBytes(int length) {
            byte[] seed;
            try {
                seed = java.security.MessageDigest.getInstance("SHA-256").digest(("pfs1 vector "
                        + device + " " + (draws.size() + 1)).getBytes(StandardCharsets.UTF_8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = seed[i % seed.length];
            }
            draws.add(bytes);
            return bytes.clone();
        }

        void describe(StringBuilder out, String... purposes) {
            assertEquals(purposes.length, draws.size(), device + " random draws");
            for (int i = 0; i < draws.size(); i++) {
                line(out, device + " random " + (i + 1) + ", " + purposes[i],
                        hex(draws.get(i)));
            }
        }
    }

    /** The JCA backend with a given random source and fixed ephemeral keys, used in turn. */
    private static final class FixedSuite implements CryptoSuite {
        private final JcaCryptoSuite jca;
        private final byte[][][] ephemerals;
        private int used;

        FixedSuite(RandomSource random, byte[][]... ephemerals) {
            this.jca = JcaCryptoSuite.withRandom(random);
            this.ephemerals = ephemerals;
        }

        IdentityKeyPair importIdentity(String pkcs8) throws CryptoException {
            return jca.signatures().importIdentityKey(Base64Url.decode(pkcs8));
        }

        @Override
        public Aead aead() {
            return jca.aead();
        }

        @Override
        public Digest digest() {
            return jca.digest();
        }

        @Override
        public Mac mac() {
            return jca.mac();
        }

        @Override
        public Hkdf hkdf() {
            return jca.hkdf();
        }

        @Override
        public Signatures signatures() {
            return jca.signatures();
        }

        @Override
        public KeyAgreement keyAgreement() {
            return () -> {
                byte[][] ephemeral = ephemerals[used++];
                try {
                    return JcaTestKeys.ephemeral(ephemeral[0], ephemeral[1]);
                } catch (java.security.GeneralSecurityException e) {
                    throw new AssertionError(e);
                }
            };
        }

        @Override
        public RandomSource random() {
            return jca.random();
        }
    }
}
