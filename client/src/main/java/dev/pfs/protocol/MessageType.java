package dev.pfs.protocol;

/** The protocol's message types, by their wire name ({@code "t"} field). See protocol.md. */
enum MessageType {
    /** Announcement of a device's nonce; carries how many of the peer's messages it has. */
    HELLO("hello"),
    /** Identity key and device name, encrypted under the pairing secret. Pairing only. */
    IDENTITY("identity"),
    /** Signed ephemeral public key. */
    EPHEMERAL("ephemeral"),
    /** Key confirmation MAC. */
    CONFIRM("confirm"),
    /** Inviter: the session key, encrypted under the pairing key. */
    SESSION("session"),
    /** Joiner: proof that it holds the session key. */
    ACK("ack"),
    /** The sender gave up the exchange; says why. */
    ABORT("abort"),
    /** An application message under the session key. */
    MESSAGE("msg");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static MessageType fromWireName(String name) {
        for (MessageType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
