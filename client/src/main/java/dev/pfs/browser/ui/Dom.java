package dev.pfs.browser.ui;

import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;

/** Small DOM helpers. Text always goes in as text, never as HTML. */
final class Dom {
    private Dom() {
    }

    static HTMLDocument document() {
        return Window.current().getDocument();
    }

    /** The element with this id; fails when the page lacks it (the HTML and Java disagree). */
    static HTMLElement byId(String id) {
        HTMLElement element = document().getElementById(id);
        if (element == null) {
            throw new IllegalStateException("pfs.html has no element #" + id);
        }
        return element;
    }

    static HTMLElement element(String tag, String className, String text) {
        HTMLElement element = document().createElement(tag);
        if (className != null) {
            element.setClassName(className);
        }
        if (text != null) {
            element.setTextContent(text);
        }
        return element;
    }

    static void clear(HTMLElement element) {
        while (element.getFirstChild() != null) {
            element.removeChild(element.getFirstChild());
        }
    }

    static void onClick(HTMLElement element, Runnable action) {
        element.addEventListener("click", (EventListener<?>) event -> action.run());
    }

    /** A form's submit, with the page reload it would cause prevented. */
    static void onSubmit(HTMLElement form, Runnable action) {
        form.addEventListener("submit", (EventListener<?>) event -> {
            event.preventDefault();
            action.run();
        });
    }

    /**
     * Copies the text to the clipboard and says on the button whether it worked. The caller has
     * selected the text, so where the clipboard API is missing or refused, the older copy
     * command copies the selection.
     */
    @JSBody(params = {"text", "button"}, script = ""
            + "function told(copied) {"
            + "  button.textContent = copied ? 'Copied'"
            + "      : 'Copy failed: select the link and copy it';"
            + "}"
            + "function fallback() {"
            + "  var copied = false;"
            + "  try { copied = document.execCommand('copy'); } catch (e) { copied = false; }"
            + "  told(copied);"
            + "}"
            + "if (navigator.clipboard && navigator.clipboard.writeText) {"
            + "  navigator.clipboard.writeText(text).then(function() { told(true); }, fallback);"
            + "} else {"
            + "  fallback();"
            + "}")
    static native void copyToClipboard(String text, HTMLElement button);
}
