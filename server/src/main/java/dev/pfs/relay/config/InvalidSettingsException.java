package dev.pfs.relay.config;

import java.util.List;

/**
 * The relay's configuration has values it cannot run with. The message names every bad key, what
 * it expected and what it got, so one failed start-up shows all of them.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
        super("invalid relay configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per bad value, e.g. "relay.maxFrameBytes: expected an integer ...; got \"x\"". */
    public List<String> problems() {
        return problems;
    }
}
