package dev.pfs.relay.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.relay.wire.OutboundFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private final FakePeer peer = new FakePeer();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Test
    void sendsThatCompleteInline_drainALongQueueWithoutRecursion() {
        // A peer that, like a socket with room, completes each send before returning; frames
        // offered from inside a completion must wait for the loop, not recurse.
        List<String> sent = new ArrayList<>();
        OutboundQueue[] queue = new OutboundQueue[1];
        Peer inline = new Peer() {
            @Override
            public void send(List<OutboundFrame> frames, SendCallback done) {
                frames.forEach(frame -> sent.add(frame.text()));
                if (sent.size() < 100_000) {
                    queue[0].offer(frame("f" + sent.size()));
                }
                done.sent(null);
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        queue[0] = new OutboundQueue(inline, 10, Runnable::run, failure::set);
        assertTrue(queue[0].offer(frame("f0")));
        assertEquals(100_000, sent.size());
        assertEquals("f99999", sent.get(99_999));
    }

    @Test
    void oneSendInFlight_theRestWaitInOrder_andGoTogetherNext() {
        peer.holdSends = true;
        OutboundQueue queue = new OutboundQueue(peer, 10, Runnable::run, failure::set);
        queue.offer(frame("a"));
        queue.offer(frame("b"));
        queue.offer(frame("c"));
        assertEquals(List.of("a"), peer.sent());
        assertEquals(2, queue.waiting());
        peer.completeOne(null);
        assertEquals(List.of("a", "b", "c"), peer.sent());
        assertEquals(List.of(1, 2), peer.batches);
        assertEquals(0, queue.waiting());
        peer.completeOne(null);
        queue.offer(frame("d"));
        assertEquals(List.of(1, 2, 1), peer.batches, "an idle queue sends a frame at once, alone");
    }

    @Test
    void sendingStartsOnTheSender_andTakesWhatWaitsByThen() {
        List<Runnable> sender = new ArrayList<>();
        OutboundQueue queue = new OutboundQueue(peer, 10, sender::add, failure::set);
        queue.offer(frame("a"));
        queue.offer(frame("b"));
        assertEquals(List.of(), peer.sent(), "nothing is sent on the offering thread");
        assertEquals(1, sender.size(), "one start for an idle queue, however many offers");

        sender.remove(0).run();
        assertEquals(List.of("a", "b"), peer.sent());
        assertEquals(List.of(2), peer.batches);

        queue.offer(frame("c"));
        assertEquals(1, sender.size(), "an idle queue starts again on the sender");
        sender.remove(0).run();
        assertEquals(List.of(2, 1), peer.batches);
    }

    @Test
    void batches_stopAtTheFrameAndCharBounds_andABigFrameGoesAlone() {
        peer.holdSends = true;
        OutboundQueue queue = new OutboundQueue(peer, 1000, Runnable::run, failure::set);
        queue.offer(frame("first"));
        for (int i = 0; i < OutboundQueue.MAX_BATCH_FRAMES + 1; i++) {
            queue.offer(frame("f" + i));
        }
        String half = "h".repeat(OutboundQueue.MAX_BATCH_CHARS / 2);
        queue.offer(frame(half));
        queue.offer(frame(half));
        queue.offer(frame("x"));
        String big = "b".repeat(OutboundQueue.MAX_BATCH_CHARS + 1);
        queue.offer(frame(big));
        queue.offer(frame("last"));
        while (!peer.inFlight.isEmpty()) {
            peer.completeOne(null);
        }

        // first | 64 small | 1 small + half | half + x | big alone | last
        assertEquals(List.of(1, OutboundQueue.MAX_BATCH_FRAMES, 2, 2, 1, 1), peer.batches);
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < OutboundQueue.MAX_BATCH_FRAMES + 1; i++) {
            expected.add("f" + i);
        }
        expected.addAll(List.of(half, half, "x", big, "last"));
        assertEquals(expected, peer.sent(), "every frame once, in order");
    }

    @Test
    void offer_whenCapacityFramesWait_isRefused() {
        peer.holdSends = true;
        OutboundQueue queue = new OutboundQueue(peer, 2, Runnable::run, failure::set);
        assertTrue(queue.offer(frame("in flight")));
        assertTrue(queue.offer(frame("1")));
        assertTrue(queue.offer(frame("2")));
        assertFalse(queue.offer(frame("3")));
        peer.completeOne(null);
        assertTrue(queue.offer(frame("3")));
    }

    @Test
    void failedSend_shutsTheQueueDownAndReportsOnce() {
        peer.holdSends = true;
        OutboundQueue queue = new OutboundQueue(peer, 10, Runnable::run, failure::set);
        queue.offer(frame("a"));
        queue.offer(frame("b"));
        IOException broken = new IOException("broken pipe");
        peer.completeOne(broken);
        assertSame(broken, failure.get());
        assertTrue(queue.offer(frame("c")));
        assertEquals(List.of("a"), peer.sent());
    }

    private static OutboundFrame frame(String text) {
        return OutboundFrame.of(text);
    }
}
