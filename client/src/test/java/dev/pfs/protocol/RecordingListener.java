package dev.pfs.protocol;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event a device reports, for assertions. */
final class RecordingListener implements DeviceListener {
    final List<Progress> progress = new ArrayList<>();
    final List<PeerInfo> paired = new ArrayList<>();
    final List<String> sas = new ArrayList<>();
    final List<PeerInfo> rekeyed = new ArrayList<>();
    final List<AbortReason> aborts = new ArrayList<>();
    final List<String> abortDetails = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<AbortReason> rejections = new ArrayList<>();
    final List<String> rejectedSenders = new ArrayList<>();
    final List<Boolean> connections = new ArrayList<>();

    @Override
    public void onConnectionChanged(boolean connected, String detail) {
        connections.add(connected);
    }

    @Override
    public void onProgress(Progress step) {
        progress.add(step);
    }

    @Override
    public void onPaired(PeerInfo peer, String code) {
        paired.add(peer);
        sas.add(code);
    }

    @Override
    public void onRekeyed(PeerInfo peer, String code) {
        rekeyed.add(peer);
        sas.add(code);
    }

    @Override
    public void onAborted(ExchangeKind kind, String peerFingerprint, AbortReason reason,
            String detail) {
        aborts.add(reason);
        abortDetails.add(detail);
    }

    @Override
    public void onMessage(PeerInfo peer, String text, long counter) {
        messages.add(text);
    }

    @Override
    public void onMessageRejected(String from, AbortReason reason, String detail) {
        rejections.add(reason);
        rejectedSenders.add(from);
    }
}
