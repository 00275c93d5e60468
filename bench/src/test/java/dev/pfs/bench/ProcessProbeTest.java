package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessProbeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"0|0", "0-1|0 1", "0-2,5|0 1 2 5", "3,7-8|3 7 8"})
    void parseCpuList_readsRangesAndSingleCpus(String list, String cpus) {
        List<Integer> expected = java.util.Arrays.stream(cpus.split(" "))
                .map(Integer::valueOf).toList();

        assertEquals(expected, ProcessProbe.parseCpuList(list));
    }

    @Test
    void allowedCpus_ofThisProcessIsNotEmpty() {
        assertFalse(ProcessProbe.self().allowedCpus().isEmpty());
    }
}
