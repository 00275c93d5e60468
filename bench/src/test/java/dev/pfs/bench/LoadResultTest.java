package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadResultTest {
    @ParameterizedTest(name = "relay {0} % + softirq {1} %, load gen {2} % + {3} % -> {4}")
    @CsvSource({
        "97, 0, 35, 0, relay",
        "60, 0, 92, 0, load gen",
        "85, 0, 84, 0, relay",
        // No full core: the one that spends more per delivery. Softirq time is not added: the
        // kernel counts it to the process it interrupted too.
        "60, 35, 30, 10, 'relay, by cost'",
        "20, 0, 30, 0, 'load gen, by cost'"})
    void paceSetBy_isThePinnedProcessThatSpentMoreCpu(double relay, double relaySoftirq,
            double load, double loadSoftirq, String pace) {
        assertEquals(pace, result(true, new LoadResult.Cpu(relay, load, 100, relaySoftirq, 100,
                loadSoftirq, 200)).paceSetBy());
    }

    @Test
    void paceSetBy_isUnsaidAtAFixedRateOrWithoutPinning() {
        assertNull(result(false, new LoadResult.Cpu(97, 35, 100, 0, 100, 0, 200)).paceSetBy());
        double unknown = Double.NaN;
        assertNull(result(true, new LoadResult.Cpu(97, 35, unknown, unknown, unknown, unknown,
                200)).paceSetBy());
    }

    private static LoadResult result(boolean maxRate, LoadResult.Cpu cpu) {
        return new LoadResult("test", 1000, new Histogram(3), 10, 10, 0, 0, 0, new ErrorCounts(),
                maxRate, cpu, -1, 1.0);
    }
}
