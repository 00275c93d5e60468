package dev.pfs.protocol;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.Mac;

/**
 * The byte layouts of protocol version 1: every key, associated data, signed and MACed string.
 * protocol.md describes the same layouts; a test checks its vector against this class. Labels are
 * ASCII followed by one zero byte; fixed-size fields are concatenated, variable ones carry a
 * 16-bit big-endian length.
 */
final class KeySchedule {
    static final int SAS_DIGITS = 6;
    static final int KEY_ID_SIZE_IN_BYTES = 8;
    static final byte KIND_PAIRING = 'P';
    static final byte KIND_REKEY = 'R';
    private static final int SAS_SIZE_IN_BYTES = 4;
    private static final int OUTPUT_SIZE_IN_BYTES =
            Aead.KEY_SIZE_IN_BYTES + Mac.TAG_SIZE_IN_BYTES + SAS_SIZE_IN_BYTES;

    private KeySchedule() {
    }

    /** The identity exchange key: HKDF(IKM = pairing secret, salt = channel ID). */
    static byte[] identityKey(CryptoSuite crypto, byte[] pairingSecret, byte[] channelId)
            throws CryptoException {
        return crypto.hkdf().deriveSha256(pairingSecret, channelId,
                Bytes.label("pfs1 identity key"), Aead.KEY_SIZE_IN_BYTES);
    }

    /** Associated data of a sender's identity message: its role, the channel, both nonces. */
    static byte[] identityAad(Role sender, byte[] channelId, byte[] inviterNonce,
            byte[] joinerNonce) {
        return Bytes.concat(Bytes.label("pfs1 identity"), new byte[] {sender.label()}, channelId,
                inviterNonce, joinerNonce);
    }

    /** Identity message plaintext: identity key with a u16 length, then the UTF-8 name. */
    static byte[] identityPlaintext(byte[] identityKey, String name) {
        return Bytes.concat(Bytes.prefixed(identityKey), Bytes.utf8(name));
    }

    /**
     * The transcript before the ephemeral keys: kind ('P' pairing, 'R' re-key), the channel ID
     * (zeros for a re-key), both nonces, both identity keys.
     */
    static byte[] transcriptStart(byte kind, byte[] channelId, byte[] inviterNonce,
            byte[] joinerNonce, byte[] inviterIdentityKey, byte[] joinerIdentityKey) {
        return Bytes.concat(Bytes.label("pfs1 transcript"), new byte[] {kind}, channelId,
                inviterNonce, joinerNonce, Bytes.prefixed(inviterIdentityKey),
                Bytes.prefixed(joinerIdentityKey));
    }

    /** What a sender signs: its role, SHA-256 of the transcript start, its ephemeral key. */
    static byte[] signedData(Role sender, byte[] transcriptStartHash, byte[] ephemeralKey) {
        return Bytes.concat(Bytes.label("pfs1 ephemeral"), new byte[] {sender.label()},
                transcriptStartHash, ephemeralKey);
    }

    /** The full transcript hash: SHA-256(transcript start || inviter's || joiner's ephemeral). */
    static byte[] transcriptHash(CryptoSuite crypto, byte[] transcriptStart,
            byte[] inviterEphemeralKey, byte[] joinerEphemeralKey) throws CryptoException {
        return crypto.digest().sha256(Bytes.concat(transcriptStart, inviterEphemeralKey,
                joinerEphemeralKey));
    }

    /**
     * HKDF(IKM = ECDH shared secret, salt = inviter nonce || joiner nonce, info = label ||
     * transcript hash), 52 bytes: pairing key (16), confirmation key (32), SAS (4).
     */
    static Keys derive(CryptoSuite crypto, byte[] sharedSecret, byte[] inviterNonce,
            byte[] joinerNonce, byte[] transcriptHash) throws CryptoException {
        byte[] output = crypto.hkdf().deriveSha256(sharedSecret,
                Bytes.concat(inviterNonce, joinerNonce),
                Bytes.concat(Bytes.label("pfs1 keys"), transcriptHash), OUTPUT_SIZE_IN_BYTES);
        int confirmationStart = Aead.KEY_SIZE_IN_BYTES;
        int sasStart = confirmationStart + Mac.TAG_SIZE_IN_BYTES;
        return new Keys(Bytes.slice(output, 0, confirmationStart),
                Bytes.slice(output, confirmationStart, sasStart),
                sas(Bytes.slice(output, sasStart, OUTPUT_SIZE_IN_BYTES)));
    }

    /** What a sender's key confirmation MACs: its role and the transcript hash. */
    static byte[] confirmationData(Role sender, byte[] transcriptHash) {
        return Bytes.concat(Bytes.label("pfs1 confirm"), new byte[] {sender.label()},
                transcriptHash);
    }

    static byte[] sessionAad(byte[] transcriptHash) {
        return Bytes.concat(Bytes.label("pfs1 session"), transcriptHash);
    }

    /** Session message plaintext: the session key, then its lifetime in ms as a u64. */
    static byte[] sessionPlaintext(byte[] sessionKey, long lifetimeMillis) {
        return Bytes.concat(sessionKey, Bytes.u64(lifetimeMillis));
    }

    /** What the joiner's acknowledgement MACs under the session key. */
    static byte[] ackData(byte[] transcriptHash) {
        return Bytes.concat(Bytes.label("pfs1 ack"), transcriptHash);
    }

    /**
     * What the inviter's abort MACs under the session key it sent: the transcript hash and the
     * reason's wire name (UTF-8).
     */
    static byte[] abortData(byte[] transcriptHash, String reason) {
        return Bytes.concat(Bytes.label("pfs1 abort"), transcriptHash, Bytes.utf8(reason));
    }

    /** The session key's public name: the first 8 bytes of the transcript hash, as hex. */
    static String keyId(byte[] transcriptHash) {
        return Bytes.hex(Bytes.slice(transcriptHash, 0, KEY_ID_SIZE_IN_BYTES));
    }

    /**
     * Associated data of an application message: session key ID (its 16 hex digits as ASCII),
     * counter (u64), sender's and receiver's device channels (UTF-8, u16 length each).
     */
    static byte[] messageAad(String keyId, long counter, String from, String to) {
        return Bytes.concat(Bytes.label("pfs1 message"), Bytes.utf8(keyId), Bytes.u64(counter),
                Bytes.prefixed(Bytes.utf8(from)), Bytes.prefixed(Bytes.utf8(to)));
    }

    /** Six decimal digits: the 4 bytes as an unsigned big-endian integer, modulo 10^6. */
    static String sas(byte[] fourBytes) {
        long value = 0;
        for (byte b : fourBytes) {
            value = (value << 8) | (b & 0xFF);
        }
        String digits = String.valueOf(value % 1_000_000L);
        StringBuilder padded = new StringBuilder();
        for (int i = digits.length(); i < SAS_DIGITS; i++) {
            padded.append('0');
        }
        return padded.append(digits).toString();
    }

    /** The output of {@link #derive}. Holds secrets. */
    static final class Keys {
        final byte[] pairingKey;
        final byte[] confirmationKey;
        final String sas;

        Keys(byte[] pairingKey, byte[] confirmationKey, String sas) {
            this.pairingKey = pairingKey;
            this.confirmationKey = confirmationKey;
            this.sas = sas;
        }
    }
}
