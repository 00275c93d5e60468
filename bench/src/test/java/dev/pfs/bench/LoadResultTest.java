package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadResultTest {
    @ParameterizedTest(name = "relay {0} %, load gen {1} % -> {2}")
    @CsvSource({
        "97, 35, relay",
        "60, 92, load gen",
        "85, 84, relay",
        "79, 50, 'relay, by cost'", // no full core: the one that spends more per delivery
        "20, 30, 'load gen, by cost'"})
    void paceSetBy_isThePinnedProcessThatSpentMoreCpu(double relay, double load,
            String pace) {
        assertEquals(pace, result(true, new LoadResult.Cpu(relay, load, 100, 100, 200))
                .paceSetBy());
    }

    @Test
    void paceSetBy_isUnsaidAtAFixedRateOrWithoutPinning() {
        assertNull(result(false, new LoadResult.Cpu(97, 35, 100, 100, 200)).paceSetBy());
        assertNull(result(true, new LoadResult.Cpu(97, 35, Double.NaN, Double.NaN, 200))
                .paceSetBy());
    }

    private static LoadResult result(boolean maxRate, LoadResult.Cpu cpu) {
        return new LoadResult("test", 1000, new Histogram(3), 10, 10, 0, 0, 0, new ErrorCounts(),
                maxRate, cpu, -1, 1.0);
    }
}
