package dev.pfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.protocol.Fixture.TestDevice;
import dev.pfs.protocol.InMemoryRelay.Publish;
import dev.pfs.protocol.wire.WireObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay that lies: it substitutes, swaps, replays, flips, reorders, duplicates and drops the
 * messages of a pairing between alice (inviter) and bob (joiner). Every case must end in its
 * specific abort (or a timeout), and never in a pairing with another key or another device.
 */
class MaliciousRelayTest {
    /** One pairing attempt through a relay that does what the interceptor says. */
    private static final class Run {
        final Fixture fixture = new Fixture();
        final TestDevice alice = fixture.device("alice", 0);
        final TestDevice bob = fixture.device("bob", 1);

        Run pair(Function<Publish, List<Publish>> interceptor) throws Exception {
            fixture.relay.intercept(interceptor);
            bob.device.join(alice.device.invite());
            fixture.relay.run();
            finish();
            return this;
        }

        /** Pairs the two through an honest relay. */
        Run paired() throws Exception {
            return pair(List::of);
        }

        /** Alice asks for a re-key through a relay that does what the interceptor says. */
        Run rekey(Function<Publish, List<Publish>> interceptor) throws Exception {
            fixture.relay.intercept(interceptor);
            alice.device.rekey(bob.device.fingerprint());
            fixture.relay.run();
            finish();
            return this;
        }

        /**
         * Lets time pass as it would: the clock jumps to each device's next deadline in turn
         * and both tick there, until nothing is waiting any more (session keys expire much
         * later). One jump over every deadline at once would let a finished joiner stop
         * listening before the inviter's abort reaches it, which real time never does.
         */
        void finish() {
            long horizon = fixture.clock.nowMillis()
                    + DeviceConfig.DEFAULT_SESSION_KEY_LIFETIME_MILLIS / 2;
            fixture.relay.run();
            for (int jumps = 0; jumps < 1000; jumps++) {
                long next = Math.min(alice.device.nextDeadlineMillis(),
                        bob.device.nextDeadlineMillis());
                if (next >= horizon) {
                    return;
                }
                fixture.advance(Math.max(1, next - fixture.clock.nowMillis()), alice, bob);
            }
            throw new AssertionError("still waiting after 1000 deadlines");
        }
    }

    /** The first message of this type from this role gets the change; the rest pass. */
    private static Function<Publish, List<Publish>> changeFirst(String type, String role,
            Function<String, String> change) {
        boolean[] done = {false};
        return publish -> {
            WireObject wire = Fixture.parse(publish.data);
            if (!done[0] && type.equals(wire.get("t")) && role.equals(wire.get("role"))) {
                done[0] = true;
                return List.of(publish.withData(change.apply(publish.data)));
            }
            return List.of(publish);
        };
    }

    private static String flipBit(String data, String field, int bit) {
        byte[] value = Base64(data, field);
        value[bit / 8] ^= (byte) (1 << (bit % 8));
        return Fixture.with(data, field, value);
    }

    private static byte[] Base64(String data, String field) {
        return dev.pfs.protocol.wire.Base64Url.decode((String) Fixture.parse(data).get(field));
    }

    /**
     * The victim aborted with the reason first, and neither device kept a pairing (a joiner
     * that stored the session key before the inviter aborted discards it again).
     */
    private static void assertAborted(Run run, TestDevice victim, AbortReason reason) {
        assertFalse(victim.events.aborts.isEmpty(), "expected an abort");
        assertEquals(reason, victim.events.aborts.get(0), victim.events.abortDetails.toString());
        assertNull(run.alice.storedPeer(run.bob), "alice kept a pairing");
        assertNull(run.bob.storedPeer(run.alice), "bob kept a pairing");
    }

    private static void assertNoWrongPairing(Run run) {
        for (TestDevice device : List.of(run.alice, run.bob)) {
            TestDevice other = device == run.alice ? run.bob : run.alice;
            for (PeerRecord peer : device.store.loadPeers()) {
                assertEquals(other.device.fingerprint(), peer.fingerprint());
            }
        }
        PeerRecord a = run.alice.storedPeer(run.bob);
        PeerRecord b = run.bob.storedPeer(run.alice);
        if (a != null && b != null) {
            assertArrayEquals(a.sessionKey(), b.sessionKey());
        }
    }

    @Test
    void identity_substitutedFromAnotherPairing_abortsWithWrongSecret() throws Exception {
        Run earlier = new Run().pair(List::of);
        String otherIdentity = earlier.fixture.relay.log().stream()
                .filter(p -> Fixture.type(p.data).equals("identity")
                        && "joiner".equals(Fixture.parse(p.data).get("role")))
                .findFirst().orElseThrow().data;

        Run run = new Run();
        run.pair(changeFirst("identity", "joiner", data -> Fixture.with(
                Fixture.with(data, "ct", Base64(otherIdentity, "ct")), "iv",
                Base64(otherIdentity, "iv"))));

        assertAborted(run, run.alice, AbortReason.WRONG_SECRET);
    }

    @Test
    void identity_reflectedToItsSender_abortsWithWrongSecret() throws Exception {
        // Bob gets his own identity message back, dressed as alice's: her role and nonce.
        String[] aliceNonce = {null};
        Run run = new Run().pair(publish -> {
            WireObject wire = Fixture.parse(publish.data);
            if ("inviter".equals(wire.get("role"))) {
                aliceNonce[0] = (String) wire.get("nonce");
                return Fixture.type(publish.data).equals("identity") ? List.of()
                        : List.of(publish);
            }
            if (Fixture.type(publish.data).equals("identity") && aliceNonce[0] != null) {
                return List.of(publish, publish.withData(Fixture.with(Fixture.with(
                        publish.data, "role", "inviter"), "nonce", aliceNonce[0])));
            }
            return List.of(publish);
        });

        assertAborted(run, run.bob, AbortReason.WRONG_SECRET);
    }

    @ParameterizedTest(name = "{0} from the {1}")
    @CsvSource({"identity, joiner, alice, wrong-secret",
            "session, inviter, bob, bad-session-key"})
    void aeadTag_withAnyBitFlipped_aborts(String type, String role, String victim, String reason)
            throws Exception {
        for (int bit = 0; bit < 128; bit++) {
            int flip = bit;
            Run run = new Run().pair(changeFirst(type, role, data -> {
                int tagStart = (Base64(data, "ct").length - 16) * 8;
                return flipBit(data, "ct", tagStart + flip);
            }));
            assertAborted(run, victim.equals("alice") ? run.alice : run.bob,
                    AbortReason.fromWireName(reason));
        }
    }

    @Test
    void ephemeral_replacedByAnotherKey_abortsWithBadSignature() throws Exception {
        byte[] otherKey = Fixture.CRYPTO.keyAgreement().generateEphemeralKey().publicKey();
        Run run = new Run().pair(changeFirst("ephemeral", "joiner",
                data -> Fixture.with(data, "key", otherKey)));
        assertAborted(run, run.alice, AbortReason.BAD_SIGNATURE);
    }

    @Test
    void ephemeralKeys_swappedBetweenThePeers_abortWithBadSignature() throws Exception {
        // Each side gets the other's ephemeral message with the key and signature of its own.
        List<Publish> held = new ArrayList<>();
        Run run = new Run();
        run.pair(publish -> {
            if (!Fixture.type(publish.data).equals("ephemeral")) {
                return List.of(publish);
            }
            held.add(publish);
            if (held.size() < 2) {
                return List.of();
            }
            Publish first = held.get(0);
            Publish second = held.get(1);
            return List.of(swapKey(first, second), swapKey(second, first));
        });
        assertAborted(run, run.alice, AbortReason.BAD_SIGNATURE);
        assertAborted(run, run.bob, AbortReason.BAD_SIGNATURE);
    }

    private static Publish swapKey(Publish target, Publish source) {
        return target.withData(Fixture.with(Fixture.with(target.data, "key",
                Base64(source.data, "key")), "sig", Base64(source.data, "sig")));
    }

    @Test
    void ephemeral_replayedFromAnEarlierPairing_abortsWithBadSignature() throws Exception {
        Run earlier = new Run().pair(List::of);
        String oldEphemeral = earlier.fixture.relay.log().stream()
                .filter(p -> Fixture.type(p.data).equals("ephemeral")
                        && "joiner".equals(Fixture.parse(p.data).get("role")))
                .findFirst().orElseThrow().data;

        // The same two identity keys pair again; the relay slips in bob's old signed key.
        Run run = new Run().pair(changeFirst("ephemeral", "joiner", data -> Fixture.with(
                Fixture.with(data, "key", Base64(oldEphemeral, "key")), "sig",
                Base64(oldEphemeral, "sig"))));

        assertAborted(run, run.alice, AbortReason.BAD_SIGNATURE);
    }

    @Test
    void ephemeral_replayedFromThePairingIntoARekey_abortsTheRekeyWithBadSignature()
            throws Exception {
        Run run = new Run().pair(List::of);
        PeerRecord before = run.alice.storedPeer(run.bob);
        String pairingEphemeral = run.fixture.relay.log().stream()
                .filter(p -> Fixture.type(p.data).equals("ephemeral")
                        && "joiner".equals(Fixture.parse(p.data).get("role")))
                .findFirst().orElseThrow().data;
        run.fixture.relay.intercept(changeFirst("ephemeral", "joiner", data -> Fixture.with(
                Fixture.with(data, "key", Base64(pairingEphemeral, "key")), "sig",
                Base64(pairingEphemeral, "sig"))));

        run.alice.device.rekey(run.bob.device.fingerprint());
        run.fixture.relay.run();

        assertEquals(List.of(AbortReason.BAD_SIGNATURE), run.alice.events.aborts);
        assertEquals(before, run.alice.storedPeer(run.bob));
    }

    @Test
    void ephemeral_signedByAnotherIdentityKeyInARekey_abortsWithBadSignature()
            throws Exception {
        Run run = new Run().pair(List::of);
        IdentityKeyPair mallory = Fixture.identity(2);
        run.fixture.relay.intercept(changeFirst("ephemeral", "joiner", data -> {
            try {
                // A valid signature, over the right data, but by a key alice never pinned.
                return Fixture.with(data, "sig", mallory.sign(Base64(data, "key")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));

        run.alice.device.rekey(run.bob.device.fingerprint());
        run.fixture.relay.run();

        assertEquals(List.of(AbortReason.BAD_SIGNATURE), run.alice.events.aborts);
    }

    @Test
    void signature_withAnyBitFlipped_abortsWithBadSignature() throws Exception {
        for (int bit = 0; bit < 2048; bit++) {
            int flip = bit;
            Run run = new Run().pair(changeFirst("ephemeral", "joiner",
                    data -> flipBit(data, "sig", flip)));
            assertAborted(run, run.alice, AbortReason.BAD_SIGNATURE);
        }
    }

    @ParameterizedTest(name = "bit {0}")
    @ValueSource(ints = {0, 7, 1024, 2040, 2047})
    void inviterSignature_withABitFlipped_abortsWithBadSignature(int bit) throws Exception {
        Run run = new Run().pair(changeFirst("ephemeral", "inviter",
                data -> flipBit(data, "sig", bit)));
        assertAborted(run, run.bob, AbortReason.BAD_SIGNATURE);
    }

    @ParameterizedTest(name = "{0} from the {1}, {2} bits")
    @CsvSource({"confirm, joiner, 256, alice, bad-confirmation",
            "confirm, inviter, 256, bob, bad-confirmation",
            "ack, joiner, 256, alice, bad-confirmation"})
    void mac_withAnyBitFlipped_abortsWithBadConfirmation(String type, String role, int bits,
            String victim, String reason) throws Exception {
        for (int bit = 0; bit < bits; bit++) {
            int flip = bit;
            Run run = new Run().pair(changeFirst(type, role, data -> flipBit(data, "mac", flip)));
            assertAborted(run, victim.equals("alice") ? run.alice : run.bob,
                    AbortReason.fromWireName(reason));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void reordered_endsPairedWithOneKeyOrInASpecificAbort(long seed) throws Exception {
        Run run = new Run();
        deliverShuffled(run, seed, () -> {
            try {
                run.bob.device.join(run.alice.device.invite());
            } catch (DeviceException e) {
                throw new AssertionError(e);
            }
        });

        assertEndedSafely(run, EnumSet.of(AbortReason.TIMEOUT, AbortReason.PEER_ABORTED));
    }

    @Test
    void duplicated_everyMessage_pairsWithOneKey() throws Exception {
        Run run = new Run().pair(publish -> List.of(publish, publish));
        PairingTest.assertPaired(run.alice, run.bob);
    }

    @Test
    void duplicate_withOtherContentInATakenPosition_abortsWithReplay() throws Exception {
        Run run = new Run().pair(publish -> {
            if (Fixture.type(publish.data).equals("confirm")
                    && "joiner".equals(Fixture.parse(publish.data).get("role"))) {
                return List.of(publish, publish.withData(flipBit(publish.data, "mac", 0)));
            }
            return List.of(publish);
        });
        // The original confirmation is taken; the altered copy in its position is a replay.
        assertEquals(AbortReason.REPLAY, run.alice.events.aborts.get(0));
        assertNoWrongPairing(run);
    }

    @ParameterizedTest(name = "publish {0} dropped")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void dropped_endsPairedWithOneKeyOrTimesOut(int index) throws Exception {
        int[] count = {0};
        Run run = new Run().pair(publish -> count[0]++ == index ? List.of() : List.of(publish));
        assertEndedSafely(run, EnumSet.of(AbortReason.TIMEOUT, AbortReason.PEER_ABORTED));
    }

    /**
     * Paired with one key on both sides, or aborted with one of the reasons and paired on
     * neither: never one device alone.
     */
    private static void assertEndedSafely(Run run, Set<AbortReason> allowed) {
        assertNoWrongPairing(run);
        boolean alicePaired = run.alice.storedPeer(run.bob) != null;
        boolean bobPaired = run.bob.storedPeer(run.alice) != null;
        assertEquals(alicePaired, bobPaired, "one device paired alone; alice "
                + run.alice.events.abortDetails + ", bob " + run.bob.events.abortDetails);
        if (alicePaired) {
            PairingTest.assertPaired(run.alice, run.bob);
            return;
        }
        assertFalse(run.alice.events.aborts.isEmpty(), "alice neither paired nor aborted");
        assertTrue(allowed.containsAll(run.alice.events.aborts), run.alice.events.abortDetails
                .toString());
        assertTrue(allowed.containsAll(run.bob.events.aborts), run.bob.events.abortDetails
                .toString());
    }

    /**
     * After a re-key through a lying relay: both hold the new key (re-keyed) or both still hold
     * the old one (aborted with one of the reasons), and messages flow either way.
     */
    private static void assertRekeyEndedSafely(Run run, PeerRecord aliceBefore,
            PeerRecord bobBefore, Set<AbortReason> allowed) throws Exception {
        PeerRecord a = run.alice.storedPeer(run.bob);
        PeerRecord b = run.bob.storedPeer(run.alice);
        assertArrayEquals(a.sessionKey(), b.sessionKey(), "alice " + run.alice.events
                .abortDetails + ", bob " + run.bob.events.abortDetails);
        assertEquals(a.sessionKeyId(), b.sessionKeyId());
        if (run.alice.events.rekeyed.isEmpty()) {
            assertEquals(aliceBefore, a);
            assertEquals(bobBefore, b);
            assertFalse(run.alice.events.aborts.isEmpty(), "alice neither re-keyed nor aborted");
            assertTrue(allowed.containsAll(run.alice.events.aborts), run.alice.events
                    .abortDetails.toString());
            assertTrue(allowed.containsAll(run.bob.events.aborts), run.bob.events.abortDetails
                    .toString());
        } else {
            assertEquals(List.of(), run.alice.events.aborts);
            assertNotEquals(aliceBefore.sessionKeyId(), a.sessionKeyId());
        }
        run.fixture.relay.intercept(List::of);
        run.alice.device.send(run.bob.device.fingerprint(), "after");
        run.bob.device.send(run.alice.device.fingerprint(), "back");
        run.fixture.relay.run();
        assertEquals("after", run.bob.events.messages.get(run.bob.events.messages.size() - 1));
        assertEquals("back", run.alice.events.messages.get(run.alice.events.messages.size() - 1));
    }

    /** Holds every publish back and hands them out one at a time in a seeded random order. */
    private static void deliverShuffled(Run run, long seed, Runnable start) {
        Random random = new Random(seed);
        List<Publish> held = new ArrayList<>();
        run.fixture.relay.intercept(publish -> {
            held.add(publish);
            return List.of();
        });
        start.run();
        while (true) {
            run.fixture.relay.run();
            if (held.isEmpty()) {
                break;
            }
            Collections.shuffle(held, random);
            run.fixture.relay.deliver(held.remove(0));
        }
        run.fixture.relay.intercept(List::of);
        run.finish();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void rekey_reordered_endsWithOneKeyOnBoth(long seed) throws Exception {
        Run run = new Run().paired();
        PeerRecord aliceBefore = run.alice.storedPeer(run.bob);
        PeerRecord bobBefore = run.bob.storedPeer(run.alice);

        deliverShuffled(run, seed, () -> {
            try {
                run.alice.device.rekey(run.bob.device.fingerprint());
            } catch (DeviceException e) {
                throw new AssertionError(e);
            }
        });

        assertRekeyEndedSafely(run, aliceBefore, bobBefore, EnumSet.of(AbortReason.TIMEOUT,
                AbortReason.PEER_ABORTED));
    }

    @ParameterizedTest(name = "publish {0} dropped")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void rekey_dropped_endsWithOneKeyOnBoth(int index) throws Exception {
        Run run = new Run().paired();
        PeerRecord aliceBefore = run.alice.storedPeer(run.bob);
        PeerRecord bobBefore = run.bob.storedPeer(run.alice);
        int[] count = {0};

        run.rekey(publish -> count[0]++ == index ? List.of() : List.of(publish));

        assertRekeyEndedSafely(run, aliceBefore, bobBefore, EnumSet.of(AbortReason.TIMEOUT,
                AbortReason.PEER_ABORTED));
    }

    @Test
    void rekey_duplicated_endsWithOneNewKey() throws Exception {
        Run run = new Run().paired();
        PeerRecord aliceBefore = run.alice.storedPeer(run.bob);
        PeerRecord bobBefore = run.bob.storedPeer(run.alice);

        run.rekey(publish -> List.of(publish, publish));

        assertEquals(1, run.alice.events.rekeyed.size());
        assertEquals(1, run.bob.events.rekeyed.size());
        assertRekeyEndedSafely(run, aliceBefore, bobBefore, EnumSet.noneOf(AbortReason.class));
    }

    @Test
    void abort_forgedToAFinishedJoiner_isIgnored() throws Exception {
        Run run = new Run();
        run.fixture.relay.intercept(List::of);
        Invitation invitation = run.alice.device.invite();
        run.bob.device.join(invitation);
        run.fixture.relay.run();
        PeerRecord before = run.bob.storedPeer(run.alice);
        String hello = run.fixture.relay.log().get(0).data;

        // The relay knows alice's nonce from her hello and writes aborts in her name.
        for (String forged : List.of(
                "{\"v\":1,\"t\":\"abort\",\"role\":\"inviter\",\"nonce\":\""
                        + Fixture.parse(hello).get("nonce") + "\",\"reason\":\"timeout\"}",
                "{\"v\":1,\"t\":\"abort\",\"role\":\"inviter\",\"nonce\":\""
                        + Fixture.parse(hello).get("nonce") + "\",\"reason\":\"timeout\","
                        + "\"mac\":\"" + dev.pfs.protocol.wire.Base64Url.encode(new byte[32])
                        + "\"}")) {
            run.fixture.relay.deliver(new Publish(run.alice.connection,
                    invitation.channelName(), forged));
            run.fixture.relay.run();
        }

        assertEquals(List.of(), run.bob.events.aborts);
        assertEquals(before, run.bob.storedPeer(run.alice));
        PairingTest.assertPaired(run.alice, run.bob);
    }

    @Test
    void abort_ofTheInviterWithAnyBitOfItsMacFlipped_leavesTheFinishedJoinerAlone()
            throws Exception {
        List<Publish> aborts = new ArrayList<>();
        Run run = new Run();
        run.fixture.relay.intercept(publish -> {
            String type = Fixture.type(publish.data);
            if (type.equals("abort")) {
                aborts.add(publish);
            }
            return type.equals("ack") || type.equals("abort") ? List.of() : List.of(publish);
        });
        run.bob.device.join(run.alice.device.invite());
        run.fixture.relay.run();
        run.fixture.advance(DeviceConfig.DEFAULT_PAIRING_TIMEOUT_MILLIS, run.alice, run.bob);
        assertEquals(List.of(AbortReason.TIMEOUT), run.alice.events.aborts);
        Publish genuine = aborts.get(0);
        PeerRecord stored = run.bob.storedPeer(run.alice);

        for (int bit = 0; bit < 256; bit++) {
            run.fixture.relay.deliver(genuine.withData(flipBit(genuine.data, "mac", bit)));
        }
        run.fixture.relay.deliver(genuine.withData(Fixture.with(genuine.data, "reason",
                "cancelled")));
        run.fixture.relay.run();
        assertEquals(stored, run.bob.storedPeer(run.alice), "a flipped MAC undid the pairing");

        run.fixture.relay.deliver(genuine);
        run.fixture.relay.run();
        assertEquals(List.of(AbortReason.PEER_ABORTED), run.bob.events.aborts);
        assertNull(run.bob.storedPeer(run.alice));
    }

    @Test
    void holderOfALeakedInvitation_inTheMiddle_isCaughtByTheSas() throws Exception {
        // Mallory has the link and the relay: she joins alice's pairing as a joiner and plays
        // the inviter to bob on the same channel; the relay keeps alice and bob apart.
        Fixture fixture = new Fixture();
        TestDevice alice = fixture.device("alice", 0);
        TestDevice bob = fixture.device("bob", 1);
        TestDevice malloryToAlice = fixture.device("bob", 2);
        TestDevice malloryToBob = fixture.device("alice", 3);
        Set<InMemoryRelay.Connection> aliceSide = Set.of(alice.connection,
                malloryToAlice.connection);
        fixture.relay.route((from, to) -> aliceSide.contains(from) == aliceSide.contains(to));
        Invitation invitation = alice.device.invite();
        fixture.relay.run();
        malloryToAlice.device.join(invitation);
        fixture.relay.run();
        // Mallory's inviter side reuses the leaked invitation for bob.
        malloryToBob.device.invite(invitation);
        bob.device.join(invitation);
        fixture.relay.run();

        assertEquals(malloryToAlice.device.fingerprint(), alice.events.paired.get(0)
                .fingerprint());
        assertEquals(malloryToBob.device.fingerprint(), bob.events.paired.get(0).fingerprint());
        assertNotEquals(alice.events.sas.get(0), bob.events.sas.get(0));
    }
}
