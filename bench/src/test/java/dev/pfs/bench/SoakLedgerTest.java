package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The soak's verdict on hand-made timelines: subscriber 1 on channel 7 subscribes (sent at 10,
 * acknowledged at 20) and unsubscribes (sent at 100, acknowledged at 110); publisher 0 publishes.
 */
class SoakLedgerTest {
    private final SoakLedger ledger = new SoakLedger(2);

    private void subscribedFrom20To100() {
        ledger.subscribeSent(1, 7, 10);
        ledger.subscribeAcknowledged(1, 7, 20);
        ledger.unsubscribeSent(1, 7, 100);
        ledger.unsubscribeAcknowledged(1, 7, 110);
    }

    private long publish(long sent, long acknowledged) {
        long sequence = ledger.published(0, 7, sent);
        ledger.publishAcknowledged(0, sequence, acknowledged);
        return sequence;
    }

    @Test
    void verdict_countsAMissingOwedDeliveryAsLost() {
        subscribedFrom20To100();
        long owed = publish(30, 40);
        ledger.delivered(1, 0, publish(50, 60));

        SoakLedger.Verdict verdict = ledger.verdict();

        assertEquals(2, verdict.mustDeliver());
        assertEquals(1, verdict.lost());
        assertTrue(verdict.lostExamples().get(0).contains("#" + owed), verdict.toString());
    }

    @Test
    void verdict_owesNothingForPublishesInFlightAcrossTheSubscribeOrUnsubscribe() {
        subscribedFrom20To100();
        publish(15, 25); // sent before the subscribe was acknowledged
        publish(90, 105); // acknowledged after the unsubscribe was sent

        SoakLedger.Verdict verdict = ledger.verdict();

        assertEquals(0, verdict.mustDeliver());
        assertTrue(verdict.clean(), verdict.toString());
    }

    @Test
    void verdict_acceptsADeliveryThatRacedTheUnsubscribe() {
        subscribedFrom20To100();
        ledger.delivered(1, 0, publish(90, 105));

        assertTrue(ledger.verdict().clean());
    }

    @Test
    void verdict_countsADeliveryPublishedAfterTheUnsubscribeAcknowledgementAsStray() {
        subscribedFrom20To100();
        ledger.delivered(1, 0, publish(120, 130));

        assertEquals(1, ledger.verdict().stray());
    }

    @Test
    void verdict_countsADeliveryRoutedBeforeTheFirstSubscribeAsStray() {
        ledger.delivered(1, 0, publish(1, 5));
        subscribedFrom20To100();

        assertEquals(1, ledger.verdict().stray());
    }

    @Test
    void verdict_owesDeliveriesAgainAfterAResubscribe() {
        subscribedFrom20To100();
        ledger.subscribeSent(1, 7, 200);
        ledger.subscribeAcknowledged(1, 7, 210);
        publish(150, 160); // unsubscribed: neither owed nor allowed
        publish(220, 230); // owed, still subscribed at the end

        SoakLedger.Verdict verdict = ledger.verdict();

        assertEquals(1, verdict.mustDeliver());
        assertEquals(1, verdict.lost());
    }

    @Test
    void verdict_countsDuplicatesAndReorderingPerPublisher() {
        subscribedFrom20To100();
        long first = publish(30, 40);
        long second = publish(31, 41);
        ledger.delivered(1, 0, second);
        ledger.delivered(1, 0, first);
        ledger.delivered(1, 0, first);

        SoakLedger.Verdict verdict = ledger.verdict();

        assertEquals(0, verdict.lost());
        assertEquals(1, verdict.outOfOrder());
        assertEquals(1, verdict.duplicated());
    }

    @Test
    void verdict_owesNothingForARefusedPublish() {
        subscribedFrom20To100();
        long sequence = ledger.published(0, 7, 30);
        ledger.publishRefused(0, sequence);

        SoakLedger.Verdict verdict = ledger.verdict();

        assertEquals(0, verdict.mustDeliver());
        assertEquals(1, verdict.refused());
    }
}
