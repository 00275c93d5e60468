package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoakTest {
    private static final long MIB = 1 << 20;

    @ParameterizedTest(name = "{0} MiB + {1} bytes after warm-up -> {2} MiB + {3} bytes: {4}")
    @CsvSource({
        "60, 0, 60, 0, true",
        "60, 0, 59, 0, true",
        "60, 0, 68, 0, true", // 8 MiB more: the tolerance of a small heap
        "60, 0, 68, 1, false",
        "200, 0, 220, 0, true", // 10 %: the tolerance of a large heap
        "200, 0, 220, 1, false",
        "-1, 0, 60, 0, false", // unknown: not measurable is not flat
        "60, 0, -1, 0, false"})
    void flat_allowsTheLargerOf8MibOr10Percent(long warmupMib, long warmupExtra, long loadMib,
            long loadExtra, boolean flat) {
        assertEquals(flat, Soak.flat(bytes(warmupMib, warmupExtra), bytes(loadMib, loadExtra)));
    }

    private static long bytes(long mib, long extra) {
        return mib < 0 ? -1 : mib * MIB + extra;
    }
}
