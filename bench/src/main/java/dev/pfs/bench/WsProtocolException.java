package dev.pfs.bench;

import java.io.IOException;

/**
 * The relay broke RFC 6455 framing; the connection is failed with {@link #closeCode()} (section
 * 7.4.1: 1002 protocol error, 1009 message too big).
 */
public final class WsProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    static final int PROTOCOL_ERROR = 1002;
    static final int MESSAGE_TOO_BIG = 1009;

    private final int closeCode;

    public WsProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code the client sends when it fails the connection for this. */
    public int closeCode() {
        return closeCode;
    }
}
