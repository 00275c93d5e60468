package dev.pfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.protocol.Fixture.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairingTest {
    private final Fixture fixture = new Fixture();
    private final TestDevice alice = fixture.device("alice", 0);
    private final TestDevice bob = fixture.device("bob", 1);

    /** Bob joins Alice's invitation and the relay runs until both are done. */
    private void pair() throws Exception {
        bob.device.join(alice.device.invite());
        fixture.relay.run();
    }

    /** Both devices hold one session key and know each other; asserts it and returns it. */
    static byte[] assertPaired(TestDevice a, TestDevice b) {
        assertEquals(List.of(), a.events.aborts, "aborts of " + a.device.config().deviceName());
        assertEquals(List.of(), b.events.aborts, "aborts of " + b.device.config().deviceName());
        PeerRecord aSide = a.storedPeer(b);
        PeerRecord bSide = b.storedPeer(a);
        assertNotNull(aSide, "a knows b");
        assertNotNull(bSide, "b knows a");
        assertArrayEquals(aSide.sessionKey(), bSide.sessionKey());
        assertEquals(aSide.sessionKeyId(), bSide.sessionKeyId());
        assertEquals(a.device.deviceChannel(), bSide.deviceChannel());
        assertEquals(b.device.deviceChannel(), aSide.deviceChannel());
        assertEquals(a.events.sas, b.events.sas);
        assertTrue(a.events.sas.get(0).matches("[0-9]{6}"), a.events.sas.get(0));
        return aSide.sessionKey();
    }

    @ParameterizedTest(name = "{0} invites, {1} is on the pairing channel first")
    @CsvSource({"alice, inviter", "alice, joiner", "bob, inviter", "bob, joiner"})
    void pair_eitherRoleEitherJoinOrder(String inviterName, String first) throws Exception {
        TestDevice inviter = inviterName.equals("alice") ? alice : bob;
        TestDevice joiner = inviter == alice ? bob : alice;

        if (first.equals("inviter")) {
            Invitation invitation = inviter.device.invite();
            fixture.relay.run();
            joiner.device.join(inviter.device.linkFor(invitation));
        } else {
            // The inviter made the invitation offline; the joiner announces to nobody and
            // answers the inviter's announcement when it comes online.
            inviter.connection.drop();
            fixture.relay.run();
            Invitation invitation = inviter.device.invite();
            joiner.device.join(inviter.device.linkFor(invitation));
            fixture.relay.run();
            assertTrue(joiner.events.progress.stream()
                    .noneMatch(p -> p.step() == PairingStep.PEER_FOUND));
            inviter.connection.reconnect();
        }
        fixture.relay.run();

        assertPaired(alice, bob);
        assertEquals(inviter.device.fingerprint(), joiner.events.paired.get(0).fingerprint());
        assertEquals(joiner.device.config().deviceName(), inviter.events.paired.get(0).name());
        assertFalse(inviter.device.isPairing());
        assertMessagesFlowBothWays(alice, bob);
    }

    @Test
    void pair_reportsEveryStepInOrder() throws Exception {
        pair();

        assertEquals(List.of(PairingStep.INVITATION_CREATED, PairingStep.ANNOUNCED,
                PairingStep.PEER_FOUND, PairingStep.IDENTITY_SENT, PairingStep.IDENTITY_RECEIVED,
                PairingStep.EPHEMERAL_SENT, PairingStep.EPHEMERAL_VERIFIED,
                PairingStep.KEYS_DERIVED, PairingStep.CONFIRMATION_SENT, PairingStep.CONFIRMED,
                PairingStep.SESSION_KEY, PairingStep.PAIRED),
                alice.events.progress.stream().map(Progress::step).distinct()
                        .collect(java.util.stream.Collectors.toList()));
        Progress derived = alice.events.progress.stream()
                .filter(p -> p.step() == PairingStep.KEYS_DERIVED).findFirst().orElseThrow();
        assertEquals(alice.events.sas.get(0), derived.sas());
        assertEquals(bob.device.fingerprint(), derived.peerFingerprint());
    }

    @Test
    void keysDerived_asksToCompareTheSasInAPairing_butNotInARekey() throws Exception {
        pair();
        String pairing = keysDerivedDetail(alice);
        alice.events.progress.clear();

        alice.device.rekey(bob.device.fingerprint());
        fixture.relay.run();

        assertEquals(1, alice.events.rekeyed.size());
        assertTrue(pairing.endsWith("compare the SAS " + alice.events.sas.get(0)), pairing);
        String rekey = keysDerivedDetail(alice);
        assertFalse(rekey.contains("SAS"), rekey);
        assertTrue(rekey.endsWith("signed with the identity keys pinned at pairing"), rekey);
    }

    private static String keysDerivedDetail(TestDevice device) {
        return device.events.progress.stream()
                .filter(p -> p.step() == PairingStep.KEYS_DERIVED).findFirst().orElseThrow()
                .detail();
    }

    @Test
    void pair_completesWhenTheInvitersAnnouncementWasLost() throws Exception {
        Invitation invitation = alice.device.invite();
        fixture.relay.run();
        alice.connection.drop();
        bob.device.join(invitation);
        fixture.relay.run();
        assertTrue(bob.events.progress.stream().noneMatch(p -> p.step() == PairingStep.PEER_FOUND));

        alice.connection.reconnect();
        fixture.relay.run();

        assertPaired(alice, bob);
    }

    @ParameterizedTest(name = "joiner drops after {0} publishes")
    @CsvSource({"2", "4", "6", "8", "10", "12"})
    void pair_survivesADroppedConnectionMidway(int publishes) throws Exception {
        fixture.relay.intercept(publish -> {
            if (fixture.relay.log().size() == publishes) {
                bob.connection.drop();
            }
            return List.of(publish);
        });
        bob.device.join(alice.device.invite());
        fixture.relay.run();
        bob.connection.reconnect();
        fixture.relay.run();

        assertPaired(alice, bob);
    }

    @Test
    void pair_timesOutWhenNoInviterAppears() throws Exception {
        bob.device.join(Invitation.of(new byte[16], new byte[16]));
        fixture.advance(DeviceConfig.DEFAULT_PAIRING_TIMEOUT_MILLIS - 1, bob);
        assertTrue(bob.device.isPairing());

        fixture.advance(1, bob);

        assertEquals(List.of(AbortReason.TIMEOUT), bob.events.aborts);
        assertFalse(bob.device.isPairing());
    }

    @Test
    void invite_waitsTheInvitationTimeoutForAJoiner() throws Exception {
        alice.device.invite();
        fixture.advance(DeviceConfig.DEFAULT_INVITATION_TIMEOUT_MILLIS - 1, alice);
        assertTrue(alice.device.isPairing());

        fixture.advance(1, alice);

        assertEquals(List.of(AbortReason.TIMEOUT), alice.events.aborts);
        assertFalse(alice.device.isPairing());
    }

    @Test
    void configuredTimeoutsAndLifetime_areTheOnesUsed() throws Exception {
        Fixture quick = new Fixture(DeviceConfig.builder().pairingTimeoutMillis(5_000)
                .invitationTimeoutMillis(20_000).sessionKeyLifetimeMillis(60_000).build());
        TestDevice carol = quick.device("carol", 2);
        TestDevice dave = quick.device("dave", 3);
        quick.relay.intercept(p -> Fixture.type(p.data).equals("confirm") ? List.of()
                : List.of(p));
        dave.device.join(carol.device.invite());
        quick.advance(4_999, carol, dave);
        assertEquals(List.of(), dave.events.aborts);
        quick.advance(1, carol, dave);
        assertEquals(List.of(AbortReason.TIMEOUT), dave.events.aborts, "pairing timeout");

        quick.relay.intercept(List::of);
        dave.device.join(carol.device.invite());
        quick.relay.run();
        assertEquals(1, dave.events.paired.size());
        assertEquals(quick.clock.nowMillis() + 60_000,
                dave.storedPeer(carol).sessionKeyExpiresAtMillis(), "lifetime");
        quick.advance(59_999, carol, dave);
        assertEquals(List.of(), carol.events.rekeyed);
        quick.advance(1, carol, dave);
        assertEquals(1, carol.events.rekeyed.size(), "re-keyed when the lifetime ran out");
    }

    @Test
    void pair_withWrongSecret_abortsBothWithWrongSecret() throws Exception {
        Invitation invitation = alice.device.invite();
        byte[] secret = invitation.pairingSecret();
        secret[0] ^= 1;
        bob.device.join(Invitation.of(invitation.channelId(), secret));
        fixture.relay.run();

        assertEquals(AbortReason.WRONG_SECRET, bob.events.aborts.get(0));
        assertEquals(AbortReason.WRONG_SECRET, alice.events.aborts.get(0));
        assertTrue(alice.store.loadPeers().isEmpty());
        assertTrue(bob.store.loadPeers().isEmpty());
    }

    @Test
    void pair_whoseResultCannotBeStored_abortsAndKeepsTheStore() throws Exception {
        bob.store.failWrites = true;
        bob.device.join(alice.device.invite());
        fixture.relay.run();

        assertEquals(List.of(AbortReason.STORAGE_FAILED), bob.events.aborts);
        assertEquals(List.of(AbortReason.PEER_ABORTED), alice.events.aborts);
        assertTrue(alice.store.loadPeers().isEmpty());
        assertNotNull(bob.store.loadIdentity());
    }

    @Test
    void pair_destroysEveryEphemeralKey_alsoWhenItAborts() throws Exception {
        List<dev.pfs.crypto.EphemeralKeyPair> made = new java.util.ArrayList<>();
        dev.pfs.crypto.CryptoSuite recording = new RecordingSuite(made);
        TestDevice carol = fixture.device("carol", new MemoryStore(Fixture.identity(2)),
                recording);
        carol.device.join(alice.device.invite());
        fixture.relay.run();
        carol.device.rekey(alice.device.fingerprint());
        fixture.relay.run();
        fixture.relay.intercept(p -> Fixture.type(p.data).equals("ephemeral") ? List.of()
                : List.of(p));
        carol.device.rekey(alice.device.fingerprint());
        fixture.advance(DeviceConfig.DEFAULT_PAIRING_TIMEOUT_MILLIS, alice, carol);

        assertEquals(List.of(AbortReason.TIMEOUT), carol.events.aborts);
        assertEquals(3, made.size());
        assertTrue(made.stream().allMatch(dev.pfs.crypto.EphemeralKeyPair::isDestroyed));
    }

    @Test
    void keysDerived_destroysTheEphemeralKeyBeforeTheConfirmationGoesOut() throws Exception {
        List<dev.pfs.crypto.EphemeralKeyPair> made = new java.util.ArrayList<>();
        List<Integer> destroyedAt = new java.util.ArrayList<>();
        dev.pfs.crypto.CryptoSuite watching = new RecordingSuite(made) {
            @Override
            public dev.pfs.crypto.KeyAgreement keyAgreement() {
                dev.pfs.crypto.KeyAgreement inner = super.keyAgreement();
                return () -> new DestroyWatch(inner.generateEphemeralKey(),
                        () -> destroyedAt.add(fixture.relay.log().size()));
            }
        };
        TestDevice carol = fixture.device("carol", new MemoryStore(Fixture.identity(2)),
                watching);
        carol.device.join(alice.device.invite());
        fixture.relay.run();

        assertEquals(1, carol.events.paired.size());
        int confirmation = 0;
        while (!(fixture.relay.log().get(confirmation).sender == carol.connection
                && Fixture.type(fixture.relay.log().get(confirmation).data).equals("confirm"))) {
            confirmation++;
        }
        assertEquals(List.of(confirmation), destroyedAt,
                "destroyed once, right before our confirmation was published");
        byte[] anyPoint = Fixture.CRYPTO.keyAgreement().generateEphemeralKey().publicKey();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> made.get(0).agree(anyPoint));
        assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
    }

    /** An ephemeral key that reports its first destroy. */
    private static final class DestroyWatch implements dev.pfs.crypto.EphemeralKeyPair {
        private final dev.pfs.crypto.EphemeralKeyPair inner;
        private final Runnable onDestroy;

        DestroyWatch(dev.pfs.crypto.EphemeralKeyPair inner, Runnable onDestroy) {
            this.inner = inner;
            this.onDestroy = onDestroy;
        }

        @Override
        public byte[] publicKey() {
            return inner.publicKey();
        }

        @Override
        public byte[] agree(byte[] theirPublicKey) throws dev.pfs.crypto.CryptoException {
            return inner.agree(theirPublicKey);
        }

        @Override
        public void destroy() {
            if (!inner.isDestroyed()) {
                onDestroy.run();
            }
            inner.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return inner.isDestroyed();
        }
    }

    @Test
    void restartedDevices_keepTheirCounters_andStillRejectAReplay() throws Exception {
        pair();
        alice.device.send(bob.device.fingerprint(), "before the restart");
        fixture.relay.run();
        InMemoryRelay.Publish old = fixture.relay.log().get(fixture.relay.log().size() - 1);

        // Both devices start again from their stores, as a restarted program does.
        TestDevice alice2 = fixture.device("alice", alice.store);
        TestDevice bob2 = fixture.device("bob", bob.store);
        alice.connection.close();
        bob.connection.close();
        SentMessage next = alice2.device.send(bob2.device.fingerprint(), "after the restart");
        fixture.relay.run();
        fixture.relay.deliver(new InMemoryRelay.Publish(old.sender, old.channel, old.data));
        fixture.relay.run();

        assertEquals(2, next.counter());
        assertEquals(List.of("after the restart"), bob2.events.messages);
        assertEquals(List.of(AbortReason.REPLAY), bob2.events.rejections);
    }

    @Test
    void failedPairing_leavesEarlierPairingsAndTheIdentityAsTheyWere() throws Exception {
        pair();
        List<PeerRecord> before = alice.store.loadPeers();
        TestDevice carol = fixture.device("carol", 2);
        Invitation invitation = alice.device.invite();
        byte[] secret = invitation.pairingSecret();
        secret[3] ^= 8;
        carol.device.join(Invitation.of(invitation.channelId(), secret));
        fixture.relay.run();

        assertEquals(List.of(AbortReason.WRONG_SECRET), alice.events.aborts);
        assertEquals(before, alice.store.loadPeers());
        assertEquals(Fixture.identity(0), alice.store.loadIdentity());
        assertMessagesFlowBothWays(alice, bob);
    }

    /** The JCA suite, remembering every ephemeral key it makes. */
    private static class RecordingSuite implements dev.pfs.crypto.CryptoSuite {
        private final List<dev.pfs.crypto.EphemeralKeyPair> made;

        RecordingSuite(List<dev.pfs.crypto.EphemeralKeyPair> made) {
            this.made = made;
        }

        @Override
        public dev.pfs.crypto.Aead aead() {
            return Fixture.CRYPTO.aead();
        }

        @Override
        public dev.pfs.crypto.Digest digest() {
            return Fixture.CRYPTO.digest();
        }

        @Override
        public dev.pfs.crypto.Mac mac() {
            return Fixture.CRYPTO.mac();
        }

        @Override
        public dev.pfs.crypto.Hkdf hkdf() {
            return Fixture.CRYPTO.hkdf();
        }

        @Override
        public dev.pfs.crypto.Signatures signatures() {
            return Fixture.CRYPTO.signatures();
        }

        @Override
        public dev.pfs.crypto.KeyAgreement keyAgreement() {
            return () -> {
                dev.pfs.crypto.EphemeralKeyPair pair =
                        Fixture.CRYPTO.keyAgreement().generateEphemeralKey();
                made.add(pair);
                return pair;
            };
        }

        @Override
        public dev.pfs.crypto.RandomSource random() {
            return Fixture.CRYPTO.random();
        }
    }

    @Test
    void pair_whoseAckIsLost_endsUnpairedOnBothSides() throws Exception {
        fixture.relay.intercept(p -> Fixture.type(p.data).equals("ack") ? List.of()
                : List.of(p));
        pair();
        assertEquals(1, bob.events.paired.size(), "the joiner finishes first");

        fixture.advance(DeviceConfig.DEFAULT_PAIRING_TIMEOUT_MILLIS, alice, bob);

        assertEquals(List.of(AbortReason.TIMEOUT), alice.events.aborts);
        assertEquals(List.of(AbortReason.PEER_ABORTED), bob.events.aborts);
        assertEquals(null, alice.storedPeer(bob));
        assertEquals(null, bob.storedPeer(alice));
    }

    @Test
    void rekey_whoseAckIsLost_keepsTheOldKeyOnBothSides() throws Exception {
        pair();
        PeerRecord aliceBefore = alice.storedPeer(bob);
        PeerRecord bobBefore = bob.storedPeer(alice);
        fixture.relay.intercept(p -> Fixture.type(p.data).equals("ack") ? List.of()
                : List.of(p));
        alice.device.rekey(bob.device.fingerprint());
        fixture.relay.run();

        fixture.advance(DeviceConfig.DEFAULT_PAIRING_TIMEOUT_MILLIS, alice, bob);

        assertEquals(List.of(AbortReason.TIMEOUT), alice.events.aborts);
        assertEquals(List.of(AbortReason.PEER_ABORTED), bob.events.aborts);
        assertEquals(aliceBefore, alice.storedPeer(bob));
        assertEquals(bobBefore, bob.storedPeer(alice));
        fixture.relay.intercept(List::of);
        assertMessagesFlowBothWays(alice, bob);
    }

    @Test
    void invite_whilePairing_isRefused() throws Exception {
        alice.device.invite();
        DeviceException e = assertThrows(DeviceException.class, () -> alice.device.invite());
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
    }

    @Test
    void cancelPairing_tellsThePeer() throws Exception {
        fixture.relay.intercept(publish -> Fixture.type(publish.data).equals("ephemeral")
                ? List.of() : List.of(publish));
        bob.device.join(alice.device.invite());
        fixture.relay.run();
        alice.device.cancelPairing();
        fixture.relay.run();

        assertEquals(List.of(AbortReason.CANCELLED), alice.events.aborts);
        assertEquals(List.of(AbortReason.PEER_ABORTED), bob.events.aborts);
    }

    @Test
    void rekey_onExpiry_replacesTheSessionKeyOnBothDevices() throws Exception {
        pair();
        byte[] first = assertPaired(alice, bob);
        String firstId = alice.storedPeer(bob).sessionKeyId();

        fixture.advance(DeviceConfig.DEFAULT_SESSION_KEY_LIFETIME_MILLIS, alice, bob);

        assertEquals(1, alice.events.rekeyed.size());
        assertEquals(1, bob.events.rekeyed.size());
        PeerRecord aSide = alice.storedPeer(bob);
        assertArrayEquals(aSide.sessionKey(), bob.storedPeer(alice).sessionKey());
        assertFalse(java.util.Arrays.equals(first, aSide.sessionKey()));
        assertNotEquals(firstId, aSide.sessionKeyId());
        assertEquals(List.of(), alice.events.aborts);
        assertEquals(List.of(), bob.events.aborts);
        assertMessagesFlowBothWays(alice, bob);
    }

    @Test
    void rekey_startedByOneSide_andAskedForAgain() throws Exception {
        pair();

        bob.device.rekey(alice.device.fingerprint());
        fixture.relay.run();
        alice.device.rekey(bob.device.fingerprint());
        fixture.relay.run();

        assertEquals(2, alice.events.rekeyed.size());
        assertArrayEquals(alice.storedPeer(bob).sessionKey(), bob.storedPeer(alice).sessionKey());
        assertMessagesFlowBothWays(alice, bob);
    }

    @Test
    void send_withExpiredKey_isRefusedAndStartsARekey() throws Exception {
        pair();
        fixture.clock.advance(DeviceConfig.DEFAULT_SESSION_KEY_LIFETIME_MILLIS);

        DeviceException e = assertThrows(DeviceException.class,
                () -> alice.device.send(bob.device.fingerprint(), "late"));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        fixture.relay.run();

        assertEquals(1, alice.events.rekeyed.size());
        assertMessagesFlowBothWays(alice, bob);
    }

    @Test
    void rekey_messagesSentAtEveryStep_areDeliveredOrRefused_neverDroppedAsStale()
            throws Exception {
        pair();
        List<InMemoryRelay.Publish> held = new java.util.ArrayList<>();
        fixture.relay.intercept(publish -> {
            held.add(publish);
            return List.of();
        });
        alice.device.rekey(bob.device.fingerprint());
        List<String> toBob = new java.util.ArrayList<>();
        List<String> toAlice = new java.util.ArrayList<>();
        int refused = 0;

        // A relay that keeps order, one publish at a time; both send between any two.
        for (int step = 0; alice.events.rekeyed.isEmpty(); step++) {
            assertTrue(step < 200, "no re-key after 200 publishes");
            refused += trySend(alice, bob, "to bob " + step, toBob);
            refused += trySend(bob, alice, "to alice " + step, toAlice);
            if (!held.isEmpty()) {
                fixture.relay.deliver(held.remove(0));
                fixture.relay.run();
            }
        }
        while (!held.isEmpty()) {
            fixture.relay.deliver(held.remove(0));
            fixture.relay.run();
        }

        assertEquals(List.of(), bob.events.rejections);
        assertEquals(List.of(), alice.events.rejections);
        assertEquals(toBob, bob.events.messages);
        assertEquals(toAlice, alice.events.messages);
        assertEquals(1, bob.events.rekeyed.size());
        assertTrue(refused > 0, "expected the inviter to hold back while it awaits the ack");
    }

    /** Sends unless the device refuses to for now; returns 1 when refused. */
    private static int trySend(TestDevice from, TestDevice to, String text, List<String> sent) {
        try {
            from.device.send(to.device.fingerprint(), text);
            sent.add(text);
            return 0;
        } catch (DeviceException e) {
            assertTrue(from.device.mustWaitToSend(to.device.fingerprint()), e.getMessage());
            assertTrue(e.getMessage().contains("re-keying"), e.getMessage());
            return 1;
        }
    }

    @Test
    void send_afterTheLastMessageAKeyMayCarry_isRefusedAndStartsARekey() throws Exception {
        pair();
        PeerRecord worn = alice.storedPeer(bob).withNextSendCounter(
                Device.MAX_MESSAGES_PER_KEY);
        alice.store.savePeer(worn);
        TestDevice restarted = fixture.device("alice", alice.store);
        alice.connection.close();

        assertEquals(Device.MAX_MESSAGES_PER_KEY,
                restarted.device.send(bob.device.fingerprint(), "the last one").counter());
        DeviceException e = assertThrows(DeviceException.class,
                () -> restarted.device.send(bob.device.fingerprint(), "one too many"));
        assertTrue(e.getMessage().contains("re-keying"), e.getMessage());
        fixture.relay.run();

        assertEquals(1, restarted.events.rekeyed.size());
        assertEquals(1, restarted.device.send(bob.device.fingerprint(), "new key").counter());
    }

    @Test
    void send_whileDisconnected_isRefusedAndUsesNoCounter() throws Exception {
        pair();
        alice.connection.drop();
        fixture.relay.run();

        DeviceException e = assertThrows(DeviceException.class,
                () -> alice.device.send(bob.device.fingerprint(), "lost"));
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        assertEquals(1, alice.storedPeer(bob).nextSendCounter());
        alice.connection.reconnect();
        fixture.relay.run();
        assertEquals(1, alice.device.send(bob.device.fingerprint(), "kept").counter());
    }

    @Test
    void message_replayed_isRejectedAsReplay() throws Exception {
        pair();
        alice.device.send(bob.device.fingerprint(), "once");
        fixture.relay.run();
        InMemoryRelay.Publish sent = fixture.relay.log().get(fixture.relay.log().size() - 1);

        fixture.relay.deliver(sent);
        fixture.relay.run();

        assertEquals(List.of("once"), bob.events.messages);
        assertEquals(List.of(AbortReason.REPLAY), bob.events.rejections);
    }

    @Test
    void message_reflectedToItsSender_isRejected() throws Exception {
        pair();
        alice.device.send(bob.device.fingerprint(), "to bob");
        InMemoryRelay.Publish sent = fixture.relay.log().get(fixture.relay.log().size() - 1);
        fixture.relay.run();

        fixture.relay.deliver(new InMemoryRelay.Publish(sent.sender, alice.device.deviceChannel(),
                Fixture.with(sent.data, "from", bob.device.deviceChannel())));
        fixture.relay.run();

        assertEquals(List.of(), alice.events.messages);
        assertEquals(List.of(AbortReason.BAD_MESSAGE), alice.events.rejections);
    }

    @Test
    void message_underTheOldKeyAfterARekey_isRejectedAsStale() throws Exception {
        pair();
        fixture.relay.intercept(publish -> Fixture.type(publish.data).equals("msg")
                ? List.of() : List.of(publish));
        alice.device.send(bob.device.fingerprint(), "held back");
        InMemoryRelay.Publish held = fixture.relay.log().get(fixture.relay.log().size() - 1);
        alice.device.rekey(bob.device.fingerprint());
        fixture.relay.run();

        fixture.relay.deliver(held);
        fixture.relay.run();

        assertEquals(List.of(AbortReason.STALE_KEY), bob.events.rejections);
    }

    @Test
    void message_withAForgedSenderName_isReportedWithoutControlCharacters() throws Exception {
        pair();
        String forged = "\u001b[2J\u001b]0;pwned\u0007" + "x".repeat(5000);
        fixture.relay.deliver(new InMemoryRelay.Publish(bob.connection,
                alice.device.deviceChannel(), "{\"v\":1,\"t\":\"msg\",\"from\":\""
                        + forged.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007")
                        + "\"}"));
        fixture.relay.run();

        assertEquals(List.of(AbortReason.MALFORMED_MESSAGE), alice.events.rejections);
        String shown = alice.events.rejectedSenders.get(0);
        assertTrue(shown.length() <= 131, "shown as " + shown.length() + " characters");
        assertTrue(shown.chars().noneMatch(Character::isISOControl), shown);
    }

    @Test
    void message_withAnyBitOfItsCiphertextFlipped_isRejected() throws Exception {
        pair();
        alice.device.send(bob.device.fingerprint(), "flip me");
        InMemoryRelay.Publish sent = fixture.relay.log().get(fixture.relay.log().size() - 1);
        fixture.relay.run();
        byte[] ciphertext = Fixture.parse(sent.data).bytes("ct", 16, 1000);

        for (int bit = 0; bit < ciphertext.length * 8; bit++) {
            byte[] flipped = ciphertext.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            fixture.relay.deliver(sent.withData(Fixture.with(sent.data, "ct", flipped)));
        }
        fixture.relay.run();

        assertEquals(List.of("flip me"), bob.events.messages);
        assertEquals(ciphertext.length * 8, bob.events.rejections.size());
        assertTrue(bob.events.rejections.stream().allMatch(r -> r == AbortReason.BAD_MESSAGE));
    }

    private static void assertMessagesFlowBothWays(TestDevice a, TestDevice b) throws Exception {
        int aBefore = a.events.messages.size();
        int bBefore = b.events.messages.size();
        SentMessage first = a.device.send(b.device.fingerprint(), "hello \u00e9\u4e16 from a");
        a.device.send(b.device.fingerprint(), "second from a");
        b.device.send(a.device.fingerprint(), "from b");
        a.relay.run();
        assertEquals(List.of("hello \u00e9\u4e16 from a", "second from a"),
                b.events.messages.subList(bBefore, b.events.messages.size()));
        assertEquals(List.of("from b"),
                a.events.messages.subList(aBefore, a.events.messages.size()));
        assertEquals(16 + "hello \u00e9\u4e16 from a".getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length, first.ciphertextSize());
    }
}
