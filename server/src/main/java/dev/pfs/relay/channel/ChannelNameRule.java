package dev.pfs.relay.channel;

import dev.pfs.relay.wire.FrameRejectedException;
import dev.pfs.relay.wire.RelayError;

/**
 * Which channel names the relay accepts: not empty, at most a configured length, and only
 * characters of a configured printable-ASCII alphabet. Immutable and thread-safe.
 */
public final class ChannelNameRule {
    private static final char FIRST_PRINTABLE = '!';
    private static final char LAST_PRINTABLE = '~';

    private final int maxLength;
    private final String alphabet;
    private final boolean[] allowed = new boolean[LAST_PRINTABLE + 1];

    private ChannelNameRule(int maxLength, String alphabet) {
        this.maxLength = maxLength;
        this.alphabet = alphabet;
    }

    /**
     * @param maxLength longest name, in characters
     * @param alphabet allowed characters, printable ASCII without space; {@code x-y} is the range
     *     from x to y, a {@code -} first or last stands for itself (as in a regex class)
     * @throws IllegalArgumentException if the alphabet is empty, reversed or not printable ASCII
     */
    public static ChannelNameRule of(int maxLength, String alphabet) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max length " + maxLength + "; at least 1");
        }
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("expected at least one character; got none");
        }
        ChannelNameRule rule = new ChannelNameRule(maxLength, alphabet);
        for (int i = 0; i < alphabet.length(); i++) {
            char from = printable(alphabet, i);
            char to = from;
            if (i + 2 < alphabet.length() && alphabet.charAt(i + 1) == '-') {
                to = printable(alphabet, i + 2);
                if (to < from) {
                    throw new IllegalArgumentException("expected ranges from low to high; got \""
                            + from + "-" + to + "\"");
                }
                i += 2;
            }
            for (char c = from; c <= to; c++) {
                rule.allowed[c] = true;
            }
        }
        return rule;
    }

    private static char printable(String alphabet, int index) {
        char c = alphabet.charAt(index);
        if (c < FIRST_PRINTABLE || c > LAST_PRINTABLE) {
            throw new IllegalArgumentException("expected printable ASCII characters; got U+"
                    + String.format("%04X", (int) c) + " at index " + index);
        }
        return c;
    }

    /** The alphabet as configured. */
    public String alphabet() {
        return alphabet;
    }

    public int maxLength() {
        return maxLength;
    }

    /** True if the name passes {@link #check}. */
    public boolean accepts(String name) {
        return problem(name) == null;
    }

    /**
     * Checks a channel name from a frame.
     *
     * @param cid the frame's cid, for the rejection's reply
     * @throws FrameRejectedException {@link RelayError#EMPTY_CHANNEL_NAME},
     *     {@link RelayError#CHANNEL_NAME_TOO_LONG} or {@link RelayError#CHANNEL_NAME_ALPHABET}
     */
    public void check(String name, long cid) {
        RelayError problem = problem(name);
        if (problem == null) {
            return;
        }
        String message = switch (problem) {
            case EMPTY_CHANNEL_NAME -> "expected a channel name; got the empty string";
            case CHANNEL_NAME_TOO_LONG -> "channel name length " + name.length() + "; at most "
                    + maxLength;
            default -> "channel name has U+" + String.format("%04X", (int) name.charAt(
                    firstDisallowed(name))) + " at index " + firstDisallowed(name)
                    + "; allowed: " + alphabet;
        };
        throw new FrameRejectedException(problem, cid, message);
    }

    private RelayError problem(String name) {
        if (name.isEmpty()) {
            return RelayError.EMPTY_CHANNEL_NAME;
        }
        if (name.length() > maxLength) {
            return RelayError.CHANNEL_NAME_TOO_LONG;
        }
        return firstDisallowed(name) < 0 ? null : RelayError.CHANNEL_NAME_ALPHABET;
    }

    private int firstDisallowed(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= allowed.length || !allowed[c]) {
                return i;
            }
        }
        return -1;
    }
}
