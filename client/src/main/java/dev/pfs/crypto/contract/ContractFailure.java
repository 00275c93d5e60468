package dev.pfs.crypto.contract;

/** A contract check did not hold; the message says what was expected and what came. */
final class ContractFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContractFailure(String message) {
        super(message);
    }
}
