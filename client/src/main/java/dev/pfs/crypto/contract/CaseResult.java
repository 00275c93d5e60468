package dev.pfs.crypto.contract;

/** The outcome of one contract case against one backend. */
public final class CaseResult {
    private final String name;
    private final boolean passed;
    private final String detail;

    CaseResult(String name, boolean passed, String detail) {
        this.name = name;
        this.passed = passed;
        this.detail = detail;
    }

    /** A stable name such as {@code hkdf/rfc5869-a1}; the same on every backend. */
    public String name() {
        return name;
    }

    public boolean passed() {
        return passed;
    }

    /** "ok", or what was expected and what came. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
}
