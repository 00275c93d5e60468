package dev.pfs.protocol;

import dev.pfs.protocol.wire.Base64Url;
import java.util.Arrays;
import java.util.Objects;

/**
 * What travels out of band from the inviting device to the joining one: the protocol version, a
 * random 128-bit channel ID and a random 128-bit pairing secret. As text it is a link whose
 * fragment (never sent to a server, RFC 3986 section 3.5) reads
 * {@code pair=1.<channel ID>.<pairing secret>}, both base64url without padding, for example
 * {@code http://127.0.0.1:8080/demo/pfs.html#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw}.
 *
 * <p>Holds a secret: whoever has the link can take part in the pairing (see protocol.md).
 */
public final class Invitation {
    public static final int VERSION = 1;
    public static final int CHANNEL_ID_SIZE_IN_BYTES = 16;
    public static final int PAIRING_SECRET_SIZE_IN_BYTES = 16;
    /** Pairing channel names are this prefix and the base64url channel ID. */
    public static final String CHANNEL_PREFIX = "pfs-pair-";

    private static final String FRAGMENT_KEY = "pair=";
    private static final int MAX_LINK_LENGTH = 2048;

    private final byte[] channelId;
    private final byte[] pairingSecret;

    private Invitation(byte[] channelId, byte[] pairingSecret) {
        this.channelId = channelId.clone();
        this.pairingSecret = pairingSecret.clone();
    }

    /** An invitation with the given channel ID and pairing secret, 16 bytes each. */
    public static Invitation of(byte[] channelId, byte[] pairingSecret) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(pairingSecret, "pairingSecret");
        if (channelId.length != CHANNEL_ID_SIZE_IN_BYTES
                || pairingSecret.length != PAIRING_SECRET_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("channel ID and pairing secret: expected 16 bytes"
                    + " each, got " + channelId.length + " and " + pairingSecret.length);
        }
        return new Invitation(channelId, pairingSecret);
    }

    /**
     * Parses a whole link, or just its fragment ({@code pair=...} or {@code #pair=...}). The base
     * URL is not checked: the invitation lives in the fragment alone.
     */
    public static Invitation parse(String link) throws InvalidInvitationException {
        Objects.requireNonNull(link, "link");
        String text = link.trim();
        if (text.length() > MAX_LINK_LENGTH) {
            throw new InvalidInvitationException("invitation link of " + text.length()
                    + " characters; at most " + MAX_LINK_LENGTH);
        }
        int hash = text.indexOf('#');
        String fragment = hash >= 0 ? text.substring(hash + 1) : text;
        if (!fragment.startsWith(FRAGMENT_KEY)) {
            throw new InvalidInvitationException(
                    "not an invitation: expected a fragment starting with pair=");
        }
        String[] parts = fragment.substring(FRAGMENT_KEY.length()).split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidInvitationException("invitation has " + parts.length
                    + " parts; expected 3: version, channel ID, pairing secret");
        }
        if (!parts[0].equals(String.valueOf(VERSION))) {
            throw new InvalidInvitationException("invitation version " + abbreviate(parts[0])
                    + " is not supported; expected " + VERSION);
        }
        return new Invitation(decode(parts[1], "channel ID"), decode(parts[2], "pairing secret"));
    }

    /** The link: {@code baseUrl#pair=1.<channel ID>.<pairing secret>}. */
    public String toLink(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.indexOf('#') >= 0) {
            throw new IllegalArgumentException("base URL must not have a fragment");
        }
        return baseUrl + "#" + fragment();
    }

    /** The fragment alone: {@code pair=1.<channel ID>.<pairing secret>}. */
    public String fragment() {
        return FRAGMENT_KEY + VERSION + "." + Base64Url.encode(channelId) + "."
                + Base64Url.encode(pairingSecret);
    }

    public byte[] channelId() {
        return channelId.clone();
    }

    public byte[] pairingSecret() {
        return pairingSecret.clone();
    }

    /** The relay channel both devices meet on. */
    public String channelName() {
        return CHANNEL_PREFIX + Base64Url.encode(channelId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Invitation
                && Arrays.equals(channelId, ((Invitation) other).channelId)
                && Arrays.equals(pairingSecret, ((Invitation) other).pairingSecret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channelId);
    }

    /** Names the channel; never shows the pairing secret. */
    @Override
    public String toString() {
        return "Invitation[" + channelName() + "]";
    }

    private static byte[] decode(String text, String what) throws InvalidInvitationException {
        byte[] bytes;
        try {
            bytes = Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInvitationException("invitation " + what + " is " + e.getMessage());
        }
        if (bytes.length != 16) {
            throw new InvalidInvitationException("invitation " + what + " has " + bytes.length
                    + " bytes; expected 16");
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 8 ? "'" + text + "'" : "'" + text.substring(0, 8) + "...'";
    }
}
