package dev.pfs.protocol;

/** The two runs of the key exchange: a first pairing from an invitation, or a re-key. */
public enum ExchangeKind {
    PAIRING,
    REKEY
}
