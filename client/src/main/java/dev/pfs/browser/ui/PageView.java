package dev.pfs.browser.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLInputElement;

/**
 * Everything /demo/pfs.html shows, and the buttons a person presses. Knows the page's elements,
 * nothing of the protocol: the page controller translates. Text always enters as text.
 */
public final class PageView {
    /** How a step of the list is marked. */
    public enum StepState {
        PENDING("pending", "…"), DONE("done", "✓"), FAILED("failed", "✗"),
        /** Never reached: an earlier step failed. */
        SKIPPED("skipped", "–");

        private final String attribute;
        private final String mark;

        StepState(String attribute, String mark) {
            this.attribute = attribute;
            this.mark = mark;
        }
    }

    /** One line of the step list before it happens: a key for later updates and a title. */
    public static final class StepLine {
        final String key;
        final String title;

        public StepLine(String key, String title) {
            this.key = key;
            this.title = title;
        }
    }

    private final HTMLElement connection = Dom.byId("connection");
    private final HTMLElement deviceFingerprint = Dom.byId("device-fingerprint");
    private final HTMLElement inviteButton = Dom.byId("invite-button");
    private final HTMLElement forgetButton = Dom.byId("forget-button");
    private final HTMLElement joinButton = Dom.byId("join-button");
    private final HTMLInputElement joinLink = (HTMLInputElement) Dom.byId("join-link");
    private final HTMLElement invitationSection = Dom.byId("invitation-section");
    private final HTMLInputElement invitationLink = (HTMLInputElement) Dom.byId("invitation-link");
    private final HTMLElement invitationQr = Dom.byId("invitation-qr");
    private final HTMLElement stepsSection = Dom.byId("steps-section");
    private final HTMLElement stepsTitle = Dom.byId("steps-title");
    private final HTMLElement steps = Dom.byId("steps");
    private final HTMLElement sasSection = Dom.byId("sas-section");
    private final HTMLElement sas = Dom.byId("sas");
    private final HTMLElement errorSection = Dom.byId("error-section");
    private final HTMLElement errorText = Dom.byId("error-text");
    private final HTMLElement errorDetail = Dom.byId("error-detail");
    private final HTMLElement peersSection = Dom.byId("peers-section");
    private final HTMLElement peers = Dom.byId("peers");
    private final Map<String, HTMLElement> stepItems = new HashMap<>();
    private final Map<String, PeerCard> peerCards = new HashMap<>();
    private final HTMLElement copyButton = Dom.byId("copy-button");
    private BiConsumer<String, String> onSend = (fingerprint, text) -> { };
    private Consumer<String> onRekey = fingerprint -> { };
    private Consumer<String> onForgetPeer = fingerprint -> { };

    public PageView() {
        Dom.onClick(copyButton, () -> {
            invitationLink.select();
            Dom.copyToClipboard(invitationLink.getValue(), copyButton);
        });
    }

    public void onInvite(Runnable action) {
        Dom.onClick(inviteButton, action);
    }

    public void onForget(Runnable action) {
        Dom.onClick(forgetButton, action);
    }

    /** Called with the pasted link when the join form is submitted. */
    public void onJoin(Consumer<String> action) {
        Dom.onSubmit(Dom.byId("join-form"), () -> action.accept(joinLink.getValue()));
    }

    /** Called with (peer fingerprint, text) when a message form is submitted. */
    public void onSend(BiConsumer<String, String> action) {
        this.onSend = action;
    }

    /** Called with the peer fingerprint when a "Re-key now" button is pressed. */
    public void onRekey(Consumer<String> action) {
        this.onRekey = action;
    }

    /** Called with the peer fingerprint when a peer's "Forget" button is pressed. */
    public void onForgetPeer(Consumer<String> action) {
        this.onForgetPeer = action;
    }

    /** @param state "connecting", "connected" or "disconnected" (the CSS colours by it) */
    public void showConnection(String state, String text) {
        connection.setAttribute("data-state", state);
        connection.setTextContent(text);
    }

    public void showDeviceFingerprint(String fingerprint) {
        deviceFingerprint.setTextContent(fingerprint);
    }

    /** Enables or disables invite, join and forget together (while an action runs). */
    public void enableActions(boolean enabled) {
        inviteButton.setAttribute("data-ready", String.valueOf(enabled));
        for (HTMLElement button : List.of(inviteButton, forgetButton, joinButton)) {
            if (enabled) {
                button.removeAttribute("disabled");
            } else {
                button.setAttribute("disabled", "");
            }
        }
    }

    public void showInvitation(String link) {
        invitationLink.setValue(link);
        copyButton.setTextContent("Copy");
        Dom.clear(invitationQr);
        invitationQr.appendChild(QrSvg.render(link));
        invitationSection.removeAttribute("hidden");
    }

    public void hideInvitation() {
        invitationSection.setAttribute("hidden", "");
        invitationLink.setValue("");
        Dom.clear(invitationQr);
    }

    /** Replaces the step list with these lines, all pending. */
    public void startSteps(String title, List<StepLine> lines) {
        stepsTitle.setTextContent(title);
        Dom.clear(steps);
        stepItems.clear();
        for (StepLine line : lines) {
            HTMLElement item = Dom.element("li", null, null);
            item.setAttribute("data-step", line.key);
            item.appendChild(Dom.element("span", "mark", null));
            item.appendChild(Dom.element("span", "title", line.title));
            item.appendChild(Dom.element("span", "detail", ""));
            steps.appendChild(item);
            stepItems.put(line.key, item);
            mark(item, StepState.PENDING, "");
        }
        stepsSection.removeAttribute("hidden");
    }

    /** Marks a step; a step not in the list is ignored. */
    public void markStep(String key, StepState state, String detail) {
        HTMLElement item = stepItems.get(key);
        if (item != null) {
            mark(item, state, detail);
        }
    }

    /**
     * Marks the first step still pending as failed, e.g. when a pairing aborts, and the steps
     * after it as skipped: they will not happen.
     */
    public void failPendingStep(String detail) {
        HTMLElement pending = steps.querySelector("li[data-state=\"pending\"]");
        if (pending != null) {
            mark(pending, StepState.FAILED, detail);
        }
        for (HTMLElement item : stepItems.values()) {
            if (StepState.PENDING.attribute.equals(item.getAttribute("data-state"))) {
                mark(item, StepState.SKIPPED, "");
            }
        }
    }

    private static void mark(HTMLElement item, StepState state, String detail) {
        item.setAttribute("data-state", state.attribute);
        item.querySelector(".mark").setTextContent(state.mark);
        item.querySelector(".detail").setTextContent(detail);
    }

    /** Shows the six SAS digits in two groups of three. */
    public void showSas(String digits) {
        sas.setAttribute("data-sas", digits);
        sas.setTextContent(digits.length() == 6
                ? digits.substring(0, 3) + " " + digits.substring(3) : digits);
        sasSection.removeAttribute("hidden");
    }

    public void hideSas() {
        sasSection.setAttribute("hidden", "");
    }

    /**
     * @param plainWords what happened, for a person
     * @param smallPrint the technical reason, e.g. "wrong-secret: identity message did not ..."
     */
    public void showError(String plainWords, String smallPrint) {
        errorText.setTextContent(plainWords);
        errorDetail.setTextContent(smallPrint);
        errorSection.removeAttribute("hidden");
    }

    public void clearError() {
        errorSection.setAttribute("hidden", "");
        errorText.setTextContent("");
        errorDetail.setTextContent("");
    }

    /**
     * Adds or updates the card of a paired peer.
     *
     * @param fingerprint the key of the card (data-fingerprint)
     * @param shownFingerprint the same, as people read it
     */
    public void showPeer(String fingerprint, String shownFingerprint, String name,
            String sessionKeyFingerprint, String expiry) {
        PeerCard card = peerCards.get(fingerprint);
        if (card == null) {
            card = new PeerCard(fingerprint, shownFingerprint);
            peerCards.put(fingerprint, card);
            peers.appendChild(card.root);
        }
        card.name.setTextContent(name + " (the name it gave itself)");
        card.sessionKey.setTextContent(sessionKeyFingerprint);
        card.expiry.setTextContent(expiry);
        peersSection.removeAttribute("hidden");
    }

    /** Removes a peer's card; the section hides with its last card. */
    public void removePeer(String fingerprint) {
        PeerCard card = peerCards.remove(fingerprint);
        if (card != null) {
            peers.removeChild(card.root);
        }
        if (peerCards.isEmpty()) {
            peersSection.setAttribute("hidden", "");
        }
    }

    /**
     * Adds a line to the peer's message list.
     *
     * @param kind "sent", "received", "rekeyed", "waiting" or "rejected" (the CSS colours by it)
     * @return the line, to change once a waiting message goes or fails
     */
    public MessageLine addMessage(String fingerprint, String kind, String text, String meta) {
        PeerCard card = peerCards.get(fingerprint);
        if (card == null) {
            return new MessageLine(null, null);
        }
        HTMLElement item = Dom.element("li", kind, null);
        item.appendChild(Dom.element("span", "text", text));
        HTMLElement metaText = Dom.element("span", "meta", " " + meta);
        item.appendChild(metaText);
        card.messages.appendChild(item);
        return new MessageLine(item, metaText);
    }

    /** One line of a message list; it stays where it is when its kind changes. */
    public static final class MessageLine {
        private final HTMLElement item;
        private final HTMLElement meta;

        private MessageLine(HTMLElement item, HTMLElement meta) {
            this.item = item;
            this.meta = meta;
        }

        /** @param kind as for {@link PageView#addMessage} */
        public void show(String kind, String metaText) {
            if (item != null) {
                item.setClassName(kind);
                meta.setTextContent(" " + metaText);
            }
        }
    }

    /** The DOM of one paired peer: who it is, its session key, messages and re-key. */
    private final class PeerCard {
        final HTMLElement root = Dom.element("li", "peer", null);
        final HTMLElement name = Dom.element("p", "peer-name", null);
        final HTMLElement sessionKey = Dom.element("code", "session-key", null);
        final HTMLElement expiry = Dom.element("span", "session-expiry", null);
        final HTMLElement messages = Dom.element("ul", "messages", null);

        PeerCard(String fingerprint, String shownFingerprint) {
            root.setAttribute("data-fingerprint", fingerprint);
            root.appendChild(name);
            HTMLElement facts = Dom.element("dl", null, null);
            facts.appendChild(Dom.element("dt", null, "Fingerprint"));
            HTMLElement fingerprintValue = Dom.element("dd", null, null);
            fingerprintValue.appendChild(Dom.element("code", "peer-fingerprint",
                    shownFingerprint));
            facts.appendChild(fingerprintValue);
            facts.appendChild(Dom.element("dt", null, "Session key"));
            HTMLElement keyValue = Dom.element("dd", null, null);
            keyValue.appendChild(Dom.element("span", null, "fingerprint "));
            keyValue.appendChild(sessionKey);
            keyValue.appendChild(Dom.element("span", null, ", renewed automatically at "));
            keyValue.appendChild(expiry);
            facts.appendChild(keyValue);
            root.appendChild(facts);

            HTMLElement form = Dom.element("form", "message-form", null);
            HTMLInputElement input = (HTMLInputElement) Dom.element("input", "message-input",
                    null);
            input.setType("text");
            input.setAttribute("aria-label", "Message");
            input.setAttribute("autocomplete", "off");
            input.setPlaceholder("A message, encrypted under the session key");
            form.appendChild(input);
            form.appendChild(Dom.element("button", "send-button", "Send"));
            Dom.onSubmit(form, () -> {
                String text = input.getValue();
                if (!text.isEmpty()) {
                    input.setValue("");
                    onSend.accept(fingerprint, text);
                }
            });
            root.appendChild(form);
            HTMLElement actions = Dom.element("p", "actions", null);
            HTMLElement rekey = Dom.element("button", "rekey-button quiet", "Re-key now");
            rekey.setAttribute("type", "button");
            Dom.onClick(rekey, () -> onRekey.accept(fingerprint));
            actions.appendChild(rekey);
            HTMLElement forget = Dom.element("button", "forget-peer-button quiet", "Forget");
            forget.setAttribute("type", "button");
            forget.setAttribute("aria-label", "Forget this paired device");
            Dom.onClick(forget, () -> onForgetPeer.accept(fingerprint));
            actions.appendChild(forget);
            root.appendChild(actions);
            root.appendChild(messages);
        }
    }
}
