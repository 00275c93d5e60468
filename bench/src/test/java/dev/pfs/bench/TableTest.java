package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void words_givesOneWordWhenAllRoundsAgreeAndCountsOtherwise() {
        assertEquals("relay", Table.words(List.of("relay", "relay", "relay")));
        assertEquals("relay 2/3; relay, by cost 1/3",
                Table.words(List.of("relay", "relay, by cost", "relay")));
    }

    @Test
    void render_showsWordsWithoutARatioAndNumbersWithOne() {
        Table table = new Table(List.of("ours", "theirs"));
        table.add("s", "pace set by", "ours", "relay");
        table.add("s", "pace set by", "theirs", "load gen");
        table.add("s", "msg/s", Table.Fold.MEDIAN, "ours", 20);
        table.add("s", "msg/s", Table.Fold.MEDIAN, "theirs", 10);

        String rendered = table.render();

        assertTrue(rendered.contains("| s | pace set by | relay | load gen |  |"), rendered);
        assertTrue(rendered.contains("|  | msg/s | 20 | 10 | 2.00 |"), rendered);
    }
}
