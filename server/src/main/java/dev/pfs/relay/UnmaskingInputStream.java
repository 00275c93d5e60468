package dev.pfs.relay;

import dev.pfs.relay.wire.FrameUnmasker;
import dev.pfs.relay.wire.RelayError;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * An upgraded connection's input with the WebSocket masking already removed
 * ({@link FrameUnmasker}): what the container's WebSocket layer reads instead of the raw socket
 * input. Everything but reading goes to the raw input as it is.
 */
final class UnmaskingInputStream extends ServletInputStream {
    /** Told of a frame the input refused, once it has been read (and dropped) to its end. */
    interface Refusals {
        void refused(RelayError why, long announcedBytes);
    }

    private final ServletInputStream raw;
    private final FrameUnmasker unmasker;
    private final Refusals refused;
    private boolean refusalReported;

    /**
     * @param maxPayloadBytes the largest data frame payload let through to the container
     * @param refused told once of an unmasked or larger frame; nothing is read through after it
     */
    UnmaskingInputStream(ServletInputStream raw, long maxPayloadBytes, Refusals refused) {
        this.raw = raw;
        this.unmasker = new FrameUnmasker(maxPayloadBytes);
        this.refused = refused;
    }

    /**
     * Reads what the raw input has and unmasks it. May give 0 bytes while the raw input had
     * some: a read that ends inside a masking key gives nothing for those bytes.
     */
    @Override
    public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
        int read = raw.read(bytes, offset, length);
        if (read <= 0) {
            return read;
        }
        int unmasked = unmasker.unmask(bytes, offset, read);
        RelayError refusal = unmasker.refusal();
        if (refusal != null && !refusalReported) {
            refusalReported = true;
            refused.refused(refusal, unmasker.refusedFrameBytes());
        }
        return unmasked;
    }

    @Override
    public int read(byte[] bytes) throws IOException {
        return read(bytes, 0, bytes.length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read;
        do {
            read = read(one, 0, 1);
        } while (read == 0);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int available() throws IOException {
        return raw.available();
    }

    @Override
    public boolean isFinished() {
        return raw.isFinished();
    }

    @Override
    public boolean isReady() {
        return raw.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        raw.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
