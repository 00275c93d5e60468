package dev.pfs.protocol;

/**
 * A device's part in one key exchange. In a pairing the inviter created the invitation; in a
 * re-key the device that started it takes the inviter's part. The inviter sends the session key.
 */
public enum Role {
    INVITER("inviter", (byte) 'I'),
    JOINER("joiner", (byte) 'J');

    private final String wireName;
    private final byte label;

    Role(String wireName, byte label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    /** The byte that stands for the role in signed and MACed data: 'I' or 'J'. */
    public byte label() {
        return label;
    }

    public Role other() {
        return this == INVITER ? JOINER : INVITER;
    }

    /** The role with this wire name, or null. */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName.equals(name)) {
                return role;
            }
        }
        return null;
    }
}
