package dev.pfs.bench;

import java.net.URI;

/**
 * A relay the load generator aims at: its WebSocket URL and, when it runs on this machine, its
 * process (for CPU time and memory) and a way to read its live heap.
 */
public interface Target {
    /** Shown in reports. */
    String name();

    /** The relay's WebSocket URL, e.g. {@code ws://127.0.0.1:8080/socketcluster/}. */
    URI uri();

    /** The relay's process, or null when it is not known. */
    ProcessProbe process();

    /**
     * The relay's heap in use right after a full collection, in bytes; -1 when it cannot be
     * measured.
     */
    long liveHeapBytes();

    /** A target known only by its URL (and, if {@code pid > 0}, its process). */
    static Target of(String name, URI uri, long pid) {
        ProcessProbe probe = pid > 0 ? ProcessProbe.of(pid) : null;
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public ProcessProbe process() {
                return probe;
            }

            @Override
            public long liveHeapBytes() {
                return probe == null ? -1 : JvmHeap.liveBytesOrUnknown(pid);
            }
        };
    }
}
