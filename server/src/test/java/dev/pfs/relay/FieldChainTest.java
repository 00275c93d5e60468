package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Following and replacing private fields, on classes shaped like the container's. */
class FieldChainTest {
    /** Like Tyrus's writer: the field's declared type is abstract, its value a subclass. */
    private abstract static class Base {
    }

    private static final class Holder extends Base {
        private CharSequence value = "raw";
    }

    private static class Outer {
        private final Base inner;

        Outer(Base inner) {
            this.inner = inner;
        }
    }

    /** A subclass, so a field declared in Outer is found through its superclass. */
    private static final class Root extends Outer {
        Root(Base inner) {
            super(inner);
        }
    }

    @Test
    void find_followsTheFieldsIntoTheirValuesClasses_andGetReadsTheLast() {
        Root root = new Root(new Holder());
        FieldChain chain = FieldChain.find(root, "inner", "value").orElseThrow();

        assertEquals(Optional.of("raw"), chain.get(root));
        assertEquals(Optional.of("raw"), chain.get(new Root(new Holder())), "any like object");
    }

    @Test
    void find_isEmpty_whereAFieldIsMissingOrHoldsNull() {
        assertEquals(Optional.empty(), FieldChain.find(new Root(new Holder()), "inner", "nope"));
        assertEquals(Optional.empty(), FieldChain.find(new Root(null), "inner", "value"));
        Holder empty = new Holder();
        empty.value = null;
        assertEquals(Optional.empty(), FieldChain.find(new Root(empty), "inner", "value"));
    }

    @Test
    void replace_setsWhatTheChangeMakes_onlyForAValueOfTheGivenType() {
        Holder holder = new Holder();
        Root root = new Root(holder);
        FieldChain chain = FieldChain.find(root, "inner", "value").orElseThrow();

        assertFalse(chain.replace(root, Integer.class, n -> n + 1), "a String is no Integer");
        assertSame("raw", holder.value);
        assertTrue(chain.replace(root, String.class, raw -> raw + "+wrapped"));
        assertEquals("raw+wrapped", holder.value);
    }

    @Test
    void getAndReplace_giveUp_whereAnObjectOnTheWayIsOfAnotherClass() {
        Root root = new Root(new Holder());
        FieldChain chain = FieldChain.find(root, "inner", "value").orElseThrow();
        Root other = new Root(new Base() { });

        assertEquals(Optional.empty(), chain.get(other));
        assertFalse(chain.replace(other, CharSequence.class, v -> "never"));
        assertEquals(Optional.empty(), chain.get(new Root(null)));
    }
}
