package dev.pfs.jvm;

import dev.pfs.protocol.AbortReason;
import dev.pfs.protocol.ExchangeKind;
import dev.pfs.protocol.Fingerprints;
import dev.pfs.protocol.PeerInfo;
import dev.pfs.protocol.Progress;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.PrintStream;

/**
 * Prints the device's events for a person (one aligned line each) or, with {@code --json}, as
 * one JSON object per line with an {@code event} field, for scripts and tests.
 */
final class EventPrinter {
    private static final JsonProvider JSON = JsonProvider.provider();

    private final PrintStream out;
    private final boolean json;

    EventPrinter(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void device(String fingerprint, String store, String relay) {
        if (json) {
            print(event("device").add("fingerprint", fingerprint).add("store", store)
                    .add("relay", relay));
        } else {
            line("device", "fingerprint " + Fingerprints.grouped(fingerprint));
            line("", "store " + store + ", relay " + relay);
        }
    }

    void invitation(String link) {
        if (json) {
            print(event("invitation").add("link", link));
        } else {
            line("invite", "open this link on the other device, or run there:");
            line("", "java -jar pfs-device.jar join '" + link + "'");
            line("", link);
        }
    }

    void connection(boolean connected, String detail) {
        if (json) {
            print(event("connection").add("connected", connected).add("detail", detail));
        } else {
            line("relay", connected ? "connected" : "disconnected: " + detail);
        }
    }

    void progress(Progress progress) {
        if (json) {
            JsonObjectBuilder event = event("progress")
                    .add("kind", progress.kind().name().toLowerCase())
                    .add("step", progress.step().name().toLowerCase())
                    .add("detail", progress.detail());
            if (progress.sas() != null) {
                event.add("sas", progress.sas());
            }
            if (progress.peerFingerprint() != null) {
                event.add("peerFingerprint", progress.peerFingerprint());
            }
            print(event);
        } else {
            line("step", progress.step().name().toLowerCase().replace('_', ' ') + ": "
                    + progress.detail());
        }
    }

    void paired(String what, PeerInfo peer, String sas) {
        if (json) {
            print(event(what).add("peer", peer.name()).add("fingerprint", peer.fingerprint())
                    .add("sas", sas).add("sessionKeyId", peer.sessionKeyId())
                    .add("sessionKeyExpiresAtMillis", peer.sessionKeyExpiresAtMillis()));
        } else {
            if (what.equals("paired")) {
                // A re-key has nothing to compare: the identity keys pinned at pairing sign it.
                line("SAS", sas + "   compare it with the other device; it must be the same");
            }
            line(what, "with " + peer.name() + ", fingerprint "
                    + Fingerprints.grouped(peer.fingerprint()));
            line("", "session key " + peer.sessionKeyId() + "; type a line to send it");
        }
    }

    void aborted(ExchangeKind kind, AbortReason reason, String detail) {
        if (json) {
            print(event("aborted").add("kind", kind.name().toLowerCase())
                    .add("reason", reason.wireName()).add("detail", detail));
        } else {
            line("aborted", kind.name().toLowerCase() + " failed (" + reason.wireName() + "): "
                    + detail);
        }
    }

    void message(PeerInfo peer, String text, long counter) {
        if (json) {
            print(event("message").add("from", peer.name())
                    .add("fingerprint", peer.fingerprint()).add("counter", counter)
                    .add("text", text));
        } else {
            line("message", peer.name() + " #" + counter + ": " + text);
        }
    }

    /** A typed line waits: {@code count} lines wait in all. */
    void held(int count, String why) {
        if (json) {
            print(event("held").add("waiting", count).add("detail", why));
        } else {
            line("held", why + "; the line is sent when it can go (" + count + " waiting)");
        }
    }

    void sent(long counter, int ciphertextSize) {
        if (json) {
            print(event("sent").add("counter", counter).add("ciphertextSize", ciphertextSize));
        } else {
            line("sent", "#" + counter + ", " + ciphertextSize + " bytes of ciphertext");
        }
    }

    void rejected(String from, AbortReason reason, String detail) {
        if (json) {
            print(event("rejected").add("from", from).add("reason", reason.wireName())
                    .add("detail", detail));
        } else {
            line("rejected", "a message from " + from + " (" + reason.wireName() + "): "
                    + detail);
        }
    }

    void error(String detail) {
        if (json) {
            print(event("error").add("detail", detail));
        } else {
            line("error", detail);
        }
    }

    private static JsonObjectBuilder event(String name) {
        return JSON.createObjectBuilder().add("event", name);
    }

    private void print(JsonObjectBuilder event) {
        synchronized (out) {
            out.println(event.build().toString());
            out.flush();
        }
    }

    /**
     * One line for a person. Control characters become {@code ?}: names, reasons and message
     * texts come from the peer or the relay, and a terminal would obey escape sequences in
     * them. (JSON output escapes them already.)
     */
    private void line(String label, String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(Character.isISOControl(c) ? '?' : c);
        }
        synchronized (out) {
            out.printf("%-9s %s%n", label, shown);
            out.flush();
        }
    }
}
