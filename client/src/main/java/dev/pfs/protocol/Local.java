package dev.pfs.protocol;

import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.IdentityKeyPair;

/** What an exchange needs to know about our device; fixed once the device has started. */
final class Local {
    final CryptoSuite crypto;
    final Clock clock;
    final DeviceConfig config;
    final IdentityKeyPair identity;
    final byte[] identityKey;
    final String fingerprint;
    final String deviceChannel;

    Local(CryptoSuite crypto, Clock clock, DeviceConfig config, IdentityKeyPair identity,
            byte[] identityKey, String fingerprint, String deviceChannel) {
        this.crypto = crypto;
        this.clock = clock;
        this.config = config;
        this.identity = identity;
        this.identityKey = identityKey;
        this.fingerprint = fingerprint;
        this.deviceChannel = deviceChannel;
    }
}
