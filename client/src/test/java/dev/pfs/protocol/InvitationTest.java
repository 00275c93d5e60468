package dev.pfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvitationTest {
    private static final byte[] CHANNEL = counting(0);
    private static final byte[] SECRET = counting(16);
    private static final String FRAGMENT =
            "pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw";

    private static byte[] counting(int first) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    @Test
    void toLink_rendersTheFragmentUnderTheBaseUrl() {
        Invitation invitation = Invitation.of(CHANNEL, SECRET);
        assertEquals("http://127.0.0.1:8080/demo/pfs.html#" + FRAGMENT,
                invitation.toLink("http://127.0.0.1:8080/demo/pfs.html"));
        assertEquals("pfs-pair-AAECAwQFBgcICQoLDA0ODw", invitation.channelName());
        assertFalse(invitation.toString().contains("EBES"), "toString shows no secret");
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8080/demo/pfs.html#" + FRAGMENT,
        "https://x.example/p#" + FRAGMENT,
            "#" + FRAGMENT, FRAGMENT, "'  " + FRAGMENT + "\n'"})
    void parse_acceptsLinksAndFragments(String link) throws Exception {
        Invitation invitation = Invitation.parse(link);
        assertArrayEquals(CHANNEL, invitation.channelId());
        assertArrayEquals(SECRET, invitation.pairingSecret());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:8080/demo/pfs.html | expected a fragment starting with pair=",
        "#foo=1.a.b | expected a fragment starting with pair=",
        "#pair=2.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw | version '2' is not supported",
        "#pair=1.AAECAwQFBgcICQoLDA0ODw | has 2 parts; expected 3",
        "#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw.x | has 4 parts",
        "#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eH | pairing secret is not base64url",
        "#pair=1.AAECAwQFBgcICQoLDA0O.EBESExQVFhcYGRobHB0eHw | channel ID has 15 bytes",
        "#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRo+HB0eHw | pairing secret is not base64url",
        "#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw== | secret is not base64url"})
    void parse_rejectsMalformedInvitationsSayingWhy(String link, String expected) {
        InvalidInvitationException e = assertThrows(InvalidInvitationException.class,
                () -> Invitation.parse(link));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void parse_rejectsHugeInput() {
        InvalidInvitationException e = assertThrows(InvalidInvitationException.class,
                () -> Invitation.parse("#pair=1." + "A".repeat(5000)));
        assertTrue(e.getMessage().contains("at most 2048"), e.getMessage());
    }
}
