package dev.pfs.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stamp every benchmark message carries: which publisher sent it, its sequence number on that
 * publisher, and when it was sent. It is the whole {@code data} of a publish, a JSON string of
 * exactly the requested payload size: {@code "~pfsb|<publisher>|<sequence>|<sent nanos>|xxx..."}.
 *
 * <p>Senders and receivers live in one JVM, so the send time is {@link #now()}, a monotonic clock
 * shared by both; latency is receive time minus send time.
 */
public final class Stamp {
    /** The marker that starts a stamp; it never occurs elsewhere in a relay's frame. */
    static final String MARKER = "~pfsb|";
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

    private static final long ORIGIN = System.nanoTime();

    private final int publisher;
    private final long sequence;
    private final long sentNanos;

    private Stamp(int publisher, long sequence, long sentNanos) {
        this.publisher = publisher;
        this.sequence = sequence;
        this.sentNanos = sentNanos;
    }

    /** Nanoseconds on the clock stamps use; always positive within one run. */
    public static long now() {
        return System.nanoTime() - ORIGIN + 1;
    }

    /**
     * The JSON string literal (quotes included) for a stamp, padded to {@code payloadBytes}
     * characters between the quotes, or longer if the stamp alone needs more.
     */
    public static String json(int publisher, long sequence, long sentNanos, int payloadBytes) {
        StringBuilder text = new StringBuilder(payloadBytes + 2).append('"').append(MARKER)
                .append(publisher).append('|').append(sequence).append('|').append(sentNanos)
                .append('|');
        int padding = payloadBytes + 1 - text.length();
        if (padding > 0) {
            char[] fill = new char[padding];
            Arrays.fill(fill, 'x');
            text.append(fill);
        }
        return text.append('"').toString();
    }

    /**
     * The stamp inside a relay's frame.
     *
     * @throws IllegalArgumentException if the frame holds no well-formed stamp
     */
    public static Stamp find(CharSequence frame) {
        return find(ByteBuffer.wrap(frame.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The stamp inside a relay's frame given as UTF-8 bytes (between position and limit, which
     * stay as they are). The stamp is ASCII, so it is found in the bytes without decoding them,
     * and it comes before the padding, so the search ends early whatever the payload size.
     *
     * @throws IllegalArgumentException if the frame holds no well-formed stamp
     */
    public static Stamp find(ByteBuffer frame) {
        int at = indexOfMarker(frame);
        if (at < 0) {
            throw new IllegalArgumentException("no benchmark stamp in frame");
        }
        int[] cursor = {at + MARKER_BYTES.length};
        long publisher = number(frame, cursor);
        long sequence = number(frame, cursor);
        long sent = number(frame, cursor);
        if (publisher > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("publisher id " + publisher + " out of range");
        }
        return new Stamp((int) publisher, sequence, sent);
    }

    public int publisher() {
        return publisher;
    }

    public long sequence() {
        return sequence;
    }

    public long sentNanos() {
        return sentNanos;
    }

    private static long number(ByteBuffer text, int[] cursor) {
        long value = 0;
        int i = cursor[0];
        int start = i;
        int end = text.limit();
        while (i < end && text.get(i) != '|') {
            byte c = text.get(i++);
            if (c < '0' || c > '9' || i - start > 18) {
                throw new IllegalArgumentException("malformed benchmark stamp");
            }
            value = value * 10 + (c - '0');
        }
        if (i == start || i == end) {
            throw new IllegalArgumentException("truncated benchmark stamp");
        }
        cursor[0] = i + 1;
        return value;
    }

    private static int indexOfMarker(ByteBuffer text) {
        byte first = MARKER_BYTES[0];
        int last = text.limit() - MARKER_BYTES.length;
        for (int i = text.position(); i <= last; i++) {
            if (text.get(i) == first && matchesMarker(text, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesMarker(ByteBuffer text, int at) {
        for (int j = 1; j < MARKER_BYTES.length; j++) {
            if (text.get(at + j) != MARKER_BYTES[j]) {
                return false;
            }
        }
        return true;
    }
}
