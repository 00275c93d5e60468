package dev.pfs.browser.contract;

/** Entry point of the page that runs the crypto contract suite against WebCrypto. */
public final class ContractPage {
    private ContractPage() {
    }

    public static void main(String[] args) {
    }
}
