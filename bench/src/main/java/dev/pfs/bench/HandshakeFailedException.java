package dev.pfs.bench;

import java.io.IOException;

/** The relay did not accept the WebSocket opening handshake (RFC 6455 section 4.1). */
public final class HandshakeFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public HandshakeFailedException(String message) {
        super(message);
    }
}
