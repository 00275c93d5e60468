package dev.pfs.browser.contract;

import dev.pfs.browser.webcrypto.WebCryptoSuite;
import dev.pfs.crypto.contract.CaseResult;
import dev.pfs.crypto.contract.CryptoContract;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Entry point of contract.html: runs the crypto contract suite ({@link CryptoContract}) against
 * the WebCrypto backend, then the browser's own {@link BindingChecks}, and lists every case, so a
 * test can hold the browser to the same known answers as the JVM. Only the end-to-end tests
 * deploy this page.
 */
public final class ContractPage {
    private ContractPage() {
    }

    public static void main(String[] args) {
        // WebCrypto calls suspend; they may do so only on a TeaVM thread.
        new Thread(ContractPage::run, "pfs-contract").start();
    }

    private static void run() {
        HTMLDocument document = Window.current().getDocument();
        HTMLElement list = document.getElementById("cases");
        HTMLElement summary = document.getElementById("summary");
        int total = 0;
        int passed = 0;
        for (CaseResult result : CryptoContract.run(WebCryptoSuite.create())) {
            list.appendChild(line(document, result.name(), result.passed(), result.detail()));
            total++;
            passed += result.passed() ? 1 : 0;
        }
        for (BindingChecks.Result result : BindingChecks.run()) {
            list.appendChild(line(document, result.name, result.passed, result.detail));
            total++;
            passed += result.passed ? 1 : 0;
        }
        summary.setTextContent(passed + " passed, " + (total - passed) + " failed");
        summary.setAttribute("data-done", "true");
    }

    private static HTMLElement line(HTMLDocument document, String name, boolean passed,
            String detail) {
        HTMLElement item = document.createElement("li");
        item.setAttribute("data-case", name);
        item.setAttribute("data-result", passed ? "pass" : "fail");
        item.setTextContent((passed ? "PASS " : "FAIL ") + name + ": " + detail);
        return item;
    }
}
