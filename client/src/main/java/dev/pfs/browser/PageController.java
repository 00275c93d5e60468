package dev.pfs.browser;

import dev.pfs.browser.ui.PageView;
import dev.pfs.browser.ui.PageView.MessageLine;
import dev.pfs.browser.ui.PageView.StepLine;
import dev.pfs.browser.ui.PageView.StepState;
import dev.pfs.protocol.AbortReason;
import dev.pfs.protocol.Device;
import dev.pfs.protocol.DeviceException;
import dev.pfs.protocol.DeviceListener;
import dev.pfs.protocol.ExchangeKind;
import dev.pfs.protocol.Fingerprints;
import dev.pfs.protocol.InvalidInvitationException;
import dev.pfs.protocol.Invitation;
import dev.pfs.protocol.PairingStep;
import dev.pfs.protocol.PeerInfo;
import dev.pfs.protocol.Progress;
import dev.pfs.protocol.SentMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Window;

/**
 * Between the page and the device: turns button presses into {@link Device} calls and the
 * device's events into what the {@link PageView} shows. Every method runs on the page's
 * {@link EventLoop}, so the device sees one event at a time.
 *
 * <p>A message the device may not send yet (not connected, or re-keying with that peer) waits,
 * shown as waiting, and goes as soon as the device may, in the order typed. It is shown as not
 * sent if the re-key or pairing with that peer fails; forgetting the peer drops it.
 */
final class PageController implements DeviceListener {
    private final PageView view;
    private final EventLoop loop;
    /** Messages typed that have not gone yet, per peer fingerprint, in the order typed. */
    // Not yet: they live in the page only; a reload or closed tab loses them unsent.
    private final Map<String, ArrayDeque<WaitingMessage>> waiting = new HashMap<>();
    /** Peers with a re-key running, from its first reported step to its end. */
    private final Set<String> rekeying = new HashSet<>();
    /** Peers whose send the device refused because its re-key must finish first. */
    private final Set<String> refusedUntilRekeyed = new HashSet<>();
    private Device device;
    /** What the step list shows: a pairing, or a re-key with this peer's fingerprint. */
    private ExchangeKind listedKind;
    private String listedPeer;
    /** Whether the listed exchange is over (paired, re-keyed or aborted). */
    private boolean listedOver;

    PageController(PageView view, EventLoop loop) {
        this.view = view;
        this.loop = loop;
    }

    /** Loads or creates this device's identity; false (with the error shown) when it cannot. */
    boolean start(Device started) {
        this.device = started;
        try {
            started.start();
        } catch (Exception e) {
            view.showError("This browser could not load or create this device's identity key.",
                    String.valueOf(e.getMessage()));
            return false;
        }
        view.showDeviceFingerprint(Fingerprints.grouped(started.fingerprint()));
        for (PeerInfo peer : started.peers()) {
            showPeer(peer);
        }
        view.onInvite(() -> post(this::invite));
        view.onJoin(link -> post(() -> join(link)));
        view.onForget(() -> {
            if (Window.confirm("Forget this device? Its identity key and every pairing are"
                    + " deleted from this browser; paired devices will not know it any more.")) {
                post(this::forgetDevice);
            }
        });
        view.onSend((fingerprint, text) -> post(() -> send(fingerprint, text)));
        view.onRekey(fingerprint -> post(() -> rekey(fingerprint)));
        view.onForgetPeer(fingerprint -> {
            if (Window.confirm("Forget this paired device? Its session key is deleted from this"
                    + " browser; to talk to it again, pair again with a new invitation."
                    + droppedOnForget(fingerprint))) {
                post(() -> forgetPeer(fingerprint));
            }
        });
        view.enableActions(true);
        return true;
    }

    void invite() {
        cancelRunningPairing();
        view.clearError();
        view.hideSas();
        listSteps(ExchangeKind.PAIRING, null, "Pairing: this device invites",
                steps(ExchangeKind.PAIRING, PairingStep.INVITATION_CREATED));
        try {
            Invitation invitation = device.invite();
            view.showInvitation(device.linkFor(invitation));
        } catch (DeviceException e) {
            view.showError("A pairing is already running.", e.getMessage());
        }
    }

    void join(String link) {
        Invitation invitation;
        try {
            invitation = Invitation.parse(link);
        } catch (InvalidInvitationException e) {
            view.showError("That is not a valid invitation link. Copy the whole link from the"
                    + " inviting device and try again.", e.getMessage());
            return;
        }
        cancelRunningPairing();
        view.clearError();
        view.hideSas();
        view.hideInvitation();
        listSteps(ExchangeKind.PAIRING, null, "Pairing: this device joins",
                steps(ExchangeKind.PAIRING, PairingStep.ANNOUNCED));
        try {
            device.join(invitation);
        } catch (DeviceException e) {
            view.showError("A pairing is already running.", e.getMessage());
        }
    }

    private void send(String fingerprint, String text) {
        MessageLine line = view.addMessage(fingerprint, "waiting", text, "waiting");
        waiting.computeIfAbsent(fingerprint, key -> new ArrayDeque<>())
                .add(new WaitingMessage(text, line));
        sendWaiting(fingerprint);
    }

    /** Sends the messages that wait for the peer, in order, as far as the device lets them go. */
    private void sendWaiting(String fingerprint) {
        ArrayDeque<WaitingMessage> queue = waiting.get(fingerprint);
        while (queue != null && !queue.isEmpty()) {
            String why = whyWaiting(fingerprint);
            if (why != null) {
                for (WaitingMessage message : queue) {
                    message.line.show("waiting", "waiting: " + why);
                }
                return;
            }
            WaitingMessage next = queue.peek();
            try {
                SentMessage sent = device.send(fingerprint, next.text);
                queue.poll();
                next.line.show("sent", "sent as " + sent.ciphertextSize()
                        + " bytes of ciphertext, counter " + sent.counter());
            } catch (DeviceException e) {
                if (rekeying.contains(fingerprint)) {
                    // The key expired or carried its last message; the device re-keys first.
                    refusedUntilRekeyed.add(fingerprint);
                } else {
                    queue.poll();
                    next.line.show("rejected", "not sent: " + e.getMessage());
                }
            }
        }
        waiting.remove(fingerprint);
    }

    /** Sends what waits for every peer; for after an event that may let messages go. */
    private void sendAllWaiting() {
        for (String fingerprint : new ArrayList<>(waiting.keySet())) {
            sendWaiting(fingerprint);
        }
    }

    /** Why a message to the peer cannot go now, for a person; null when it can. */
    private String whyWaiting(String fingerprint) {
        if (!device.isConnected()) {
            return "not connected to the relay; it goes once connected";
        }
        if (device.mustWaitToSend(fingerprint) || refusedUntilRekeyed.contains(fingerprint)) {
            return "re-keying with " + peerName(fingerprint) + "; it goes under the new key";
        }
        return null;
    }

    /** Shows what waits for the peer as not sent, e.g. when its re-key failed. */
    private void dropWaiting(String fingerprint, String why) {
        ArrayDeque<WaitingMessage> queue = waiting.remove(fingerprint);
        if (queue != null) {
            for (WaitingMessage message : queue) {
                message.line.show("rejected", "not sent: " + why);
            }
        }
    }

    /** For the Forget confirmation: the messages that waiting for the peer would lose. */
    private String droppedOnForget(String fingerprint) {
        ArrayDeque<WaitingMessage> queue = waiting.get(fingerprint);
        int count = queue == null ? 0 : queue.size();
        if (count == 0) {
            return "";
        }
        return count == 1 ? " The message waiting to be sent to it is not sent."
                : " The " + count + " messages waiting to be sent to it are not sent.";
    }

    private void rekey(String fingerprint) {
        try {
            device.rekey(fingerprint);
        } catch (DeviceException e) {
            view.showError("The re-key could not start.", e.getMessage());
        }
    }

    private void forgetPeer(String fingerprint) {
        try {
            device.forgetPeer(fingerprint);
        } catch (DeviceException e) {
            view.showError("This browser could not forget that device.", e.getMessage());
            return;
        }
        dropWaiting(fingerprint, "the device was forgotten");
        rekeying.remove(fingerprint);
        refusedUntilRekeyed.remove(fingerprint);
        view.removePeer(fingerprint);
    }

    /** The page's timer: the device's deadlines, then whatever may go now. */
    void tick() {
        device.tick();
        sendAllWaiting();
    }

    private void forgetDevice() {
        try {
            device.forgetDevice();
        } catch (Exception e) {
            view.showError("This browser could not forget the device.", e.getMessage());
            return;
        }
        // A fresh start makes the new identity key, exactly as on a first visit.
        Window.current().getLocation().reload();
    }

    private void cancelRunningPairing() {
        if (device.isPairing()) {
            device.cancelPairing();
        }
    }

    // ---- device events

    @Override
    public void onConnectionChanged(boolean connected, String detail) {
        if (connected) {
            view.showConnection("connected", "Connected to the relay");
            afterThisEvent(this::sendAllWaiting);
        } else {
            view.showConnection("disconnected", "Relay connection lost; reconnecting ("
                    + detail + ")");
        }
    }

    /** The transport's attempt to connect got no answer in time; it tries again. */
    void onRelayNotAnswering(String detail) {
        view.showConnection("disconnected", "The relay does not answer; trying again ("
                + detail + ")");
    }

    @Override
    public void onProgress(Progress progress) {
        if (progress.kind() == ExchangeKind.REKEY && progress.peerFingerprint() != null
                && progress.step() != PairingStep.PAIRED) {
            rekeying.add(progress.peerFingerprint());
        }
        if (progress.kind() == ExchangeKind.REKEY && !isListed(progress)) {
            if (device.isPairing()) {
                // The list stays with the running pairing; the peer's card shows the re-key.
                return;
            }
            // The SAS belongs to the pairing; a re-key is authenticated by the identity keys.
            view.hideSas();
            // The device that asks for the re-key reports ANNOUNCED first, the other PEER_FOUND.
            listSteps(ExchangeKind.REKEY, progress.peerFingerprint(),
                    "Re-key with " + progress.peerName(),
                    steps(ExchangeKind.REKEY, progress.step()));
        }
        view.markStep(progress.step().name(), StepState.DONE, progress.detail());
        if (progress.step() == PairingStep.PAIRED) {
            listedOver = true;
        }
        if (progress.sas() != null && progress.kind() == ExchangeKind.PAIRING) {
            view.showSas(progress.sas());
        }
    }

    @Override
    public void onPaired(PeerInfo peer, String sas) {
        view.hideInvitation();
        view.showSas(sas);
        showPeer(peer);
        // A new pairing with a device already paired held its messages until now.
        afterThisEvent(() -> sendWaiting(peer.fingerprint()));
    }

    @Override
    public void onRekeyed(PeerInfo peer, String sas) {
        showPeer(peer);
        view.addMessage(peer.fingerprint(), "rekeyed", "Re-keyed.",
                "new session key fingerprint " + peer.sessionKeyId());
        rekeying.remove(peer.fingerprint());
        refusedUntilRekeyed.remove(peer.fingerprint());
        afterThisEvent(() -> sendWaiting(peer.fingerprint()));
    }

    @Override
    public void onAborted(ExchangeKind kind, String peerFingerprint, AbortReason reason,
            String detail) {
        if (kind == listedKind && (kind == ExchangeKind.PAIRING
                || String.valueOf(peerFingerprint).equals(listedPeer))) {
            view.failPendingStep(reason.wireName());
            listedOver = true;
        }
        String what = kind == ExchangeKind.PAIRING ? "The pairing failed: " : "The re-key failed: ";
        view.showError(what + plainWords(reason), reason.wireName() + ": " + detail);
        if (kind == ExchangeKind.PAIRING) {
            view.hideInvitation();
        }
        if (peerFingerprint != null) {
            rekeying.remove(peerFingerprint);
            refusedUntilRekeyed.remove(peerFingerprint);
            dropWaiting(peerFingerprint, (kind == ExchangeKind.PAIRING ? "the pairing failed ("
                    : "the re-key failed (") + reason.wireName() + ")");
            // A finished exchange the peer undid puts the earlier pairing back, or none.
            refreshPeer(peerFingerprint);
        }
    }

    @Override
    public void onMessage(PeerInfo peer, String text, long counter) {
        view.addMessage(peer.fingerprint(), "received", text, "received, counter " + counter);
    }

    @Override
    public void onMessageRejected(String from, AbortReason reason, String detail) {
        for (PeerInfo peer : device.peers()) {
            if (peer.deviceChannel().equals(from)) {
                view.addMessage(peer.fingerprint(), "rejected", "A message was rejected.",
                        reason.wireName() + ": " + detail);
                return;
            }
        }
        consoleError("rejected a message from " + from + ": " + reason.wireName());
    }

    // ---- helpers

    /** A message typed and shown, not yet sent. */
    private static final class WaitingMessage {
        final String text;
        final MessageLine line;

        WaitingMessage(String text, MessageLine line) {
            this.text = text;
            this.line = line;
        }
    }

    /**
     * Runs the action once the device has finished the event being reported: listener calls
     * come from inside the device, and a send from there would run before the device reported
     * the rest of the event (e.g. the re-key a refused send starts).
     */
    private void afterThisEvent(Runnable action) {
        post(action);
    }

    private String peerName(String fingerprint) {
        for (PeerInfo peer : device.peers()) {
            if (peer.fingerprint().equals(fingerprint)) {
                return peer.name();
            }
        }
        return "the other device";
    }

    /** Shows the peer's card as the device has it now, or removes it when it is not paired. */
    private void refreshPeer(String fingerprint) {
        for (PeerInfo peer : device.peers()) {
            if (peer.fingerprint().equals(fingerprint)) {
                showPeer(peer);
                return;
            }
        }
        view.removePeer(fingerprint);
    }

    private void showPeer(PeerInfo peer) {
        view.showPeer(peer.fingerprint(), Fingerprints.grouped(peer.fingerprint()), peer.name(),
                peer.sessionKeyId(), localTime(peer.sessionKeyExpiresAtMillis()));
    }

    /** Whether the step list shows the running re-key this progress belongs to. */
    private boolean isListed(Progress progress) {
        return listedKind == ExchangeKind.REKEY && !listedOver
                && String.valueOf(progress.peerFingerprint()).equals(listedPeer);
    }

    private void listSteps(ExchangeKind kind, String peer, String title, List<StepLine> lines) {
        listedKind = kind;
        listedPeer = peer;
        listedOver = false;
        view.startSteps(title, lines);
    }

    /**
     * The lines of an exchange from the given first step on. A re-key has no invitation and no
     * identity messages: the identity keys are known from the pairing.
     */
    private static List<StepLine> steps(ExchangeKind kind, PairingStep first) {
        List<StepLine> lines = new ArrayList<>();
        for (PairingStep step : PairingStep.values()) {
            boolean inRekey = step != PairingStep.INVITATION_CREATED
                    && step != PairingStep.IDENTITY_SENT
                    && step != PairingStep.IDENTITY_RECEIVED;
            if (step.ordinal() >= first.ordinal()
                    && (kind == ExchangeKind.PAIRING || inRekey)) {
                lines.add(new StepLine(step.name(), title(kind, step)));
            }
        }
        return lines;
    }

    private static String title(ExchangeKind kind, PairingStep step) {
        switch (step) {
            case INVITATION_CREATED:
                return "Invitation created";
            case ANNOUNCED:
                return "Announced to the other device";
            case PEER_FOUND:
                return "Found the other device";
            case IDENTITY_SENT:
                return "Sent our identity key, encrypted";
            case IDENTITY_RECEIVED:
                return "Received their identity key";
            case EPHEMERAL_SENT:
                return "Sent a signed ephemeral key";
            case EPHEMERAL_VERIFIED:
                return "Verified their signed ephemeral key";
            case KEYS_DERIVED:
                return "Derived the keys, destroyed the ephemeral key";
            case CONFIRMATION_SENT:
                return "Sent key confirmation";
            case CONFIRMED:
                return "Their key confirmation verified";
            case SESSION_KEY:
                return "Session key shared";
            case PAIRED:
                return kind == ExchangeKind.PAIRING ? "Paired" : "Re-keyed";
            default:
                return step.name();
        }
    }

    /** What went wrong, for a person; the wire name and detail go in the small print. */
    static String plainWords(AbortReason reason) {
        switch (reason) {
            case WRONG_SECRET:
                return "The invitation was for another pairing or has been tampered with.";
            case BAD_IDENTITY_KEY:
                return "The other device's identity key is not acceptable.";
            case BAD_SIGNATURE:
                return "The other device's signature did not verify; someone may be"
                        + " interfering.";
            case BAD_EPHEMERAL_KEY:
                return "The other device sent an invalid key.";
            case BAD_CONFIRMATION:
                return "The two devices did not end up with the same keys; someone may be"
                        + " interfering.";
            case BAD_SESSION_KEY:
                return "The session key did not arrive intact.";
            case MALFORMED_MESSAGE:
                return "A message from the other device was garbled.";
            case UNEXPECTED_MESSAGE:
                return "A message arrived out of order.";
            case REPLAY:
                return "A message was repeated; someone may be replaying old messages.";
            case TIMEOUT:
                return "The other device stopped answering.";
            case PEER_ABORTED:
                return "The other device gave up.";
            case CANCELLED:
                return "It was cancelled on this device.";
            case STORAGE_FAILED:
                return "This browser could not save the result.";
            case CRYPTO_FAILED:
                return "This browser's cryptography failed.";
            default:
                return "Something was wrong with a message.";
        }
    }

    /** Buttons fire in JavaScript event handlers; the device must run on the event loop. */
    private void post(Runnable action) {
        loop.post(action);
    }

    @JSBody(params = "millis", script = "return new Date(millis).toLocaleString();")
    private static native String localTime(double millis);

    private static void consoleError(String text) {
        PfsPage.consoleError(text);
    }
}
