package dev.pfs.bench;

import java.time.Duration;

/**
 * What one load run does.
 *
 * @param name          shown in reports
 * @param subscribers   connections that only subscribe, spread round-robin over the channels
 *                      (ignored when {@code devices} is set)
 * @param channels      how many channels
 * @param publishers    connections that publish; publisher {@code i} publishes on channel
 *                      {@code i % channels}
 * @param devices       whether each publisher also subscribes to its own channel (the pairing
 *                      workload: two devices per channel, each hearing itself and its peer)
 * @param ratePerSecond publishes per second per publisher; 0 for as fast as the relay delivers
 * @param window        at maximum rate, messages a publisher may have in flight (sent but not yet
 *                      delivered to every subscriber of its channel)
 * @param payloadBytes  size of each publish's data, a JSON string
 * @param warmup        load before measuring starts
 * @param measure       how long deliveries, latency and CPU are measured
 */
public record LoadSpec(String name, int subscribers, int channels, int publishers,
        boolean devices, double ratePerSecond, int window, int payloadBytes, Duration warmup,
        Duration measure) {

    public LoadSpec {
        if (channels < 1 || publishers < 1 || (!devices && subscribers < channels)) {
            throw new IllegalArgumentException("need at least one channel, one publisher and one"
                    + " subscriber per channel; got " + channels + " channels, " + publishers
                    + " publishers, " + subscribers + " subscribers");
        }
        if (ratePerSecond < 0 || window < 1 || payloadBytes < 40) {
            throw new IllegalArgumentException("rate must be >= 0, window >= 1, payload >= 40 B");
        }
    }

    /** Scenario 1: one publisher, one channel, {@code subscribers} subscribers, maximum rate. */
    public static LoadSpec fanOut(int subscribers, int payloadBytes, Duration warmup,
            Duration measure) {
        return new LoadSpec("fan-out 1->" + subscribers + ", " + payloadBytes + " B", subscribers,
                1, 1, false, 0, 32, payloadBytes, warmup, measure);
    }

    /** Scenario 2: {@code pairs} channels with two devices each, each at a fixed rate. */
    public static LoadSpec pairs(int pairs, double ratePerDevice, Duration warmup,
            Duration measure) {
        return new LoadSpec("pairs " + pairs + "x2 @" + ratePerDevice + "/s", 0, pairs, 2 * pairs,
                true, ratePerDevice, 1, 100, warmup, measure);
    }

    /** How many connections this run opens. */
    public int connections() {
        return devices ? publishers : subscribers + publishers;
    }
}
