package dev.pfs.relay;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A path of private fields through the container's objects, from one the application is given
 * (a WebSocket session's remote endpoint) to one it is not. The relay uses the few it needs to
 * take work off the container's per-frame paths (performance.md); each use falls back to the
 * standard API when its path is not there.
 *
 * <p>The path is found by name on the classes of the first objects met, so a field declared
 * with an interface type is followed into the class that implements it, and it is then checked
 * on every object it is followed through.
 */
final class FieldChain {
    private final List<Field> fields;

    private FieldChain(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * The path of the named fields from {@code root}, or empty if one of them is missing or
     * holds null.
     */
    static Optional<FieldChain> find(Object root, String... names) {
        List<Field> found = new ArrayList<>();
        Object at = root;
        try {
            for (String name : names) {
                Field field = declared(at.getClass(), name);
                found.add(field);
                at = field.get(at);
                if (at == null) {
                    return Optional.empty();
                }
            }
            return Optional.of(new FieldChain(found));
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            return Optional.empty(); // RuntimeException: the field could not be made accessible
        }
    }

    /** The last field's value, reached from {@code root}, or empty where the path breaks. */
    Optional<Object> get(Object root) {
        Object holder = holderOf(root);
        if (holder == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(last().get(holder));
        } catch (IllegalAccessException e) {
            throw new AssertionError("the field was made accessible", e);
        }
    }

    /**
     * Replaces the last field's value, reached from {@code root}, with what {@code change} makes
     * of it.
     *
     * @return true if the value was there and is replaced
     */
    <T> boolean replace(Object root, Class<T> type, UnaryOperator<T> change) {
        Object holder = holderOf(root);
        if (holder == null) {
            return false;
        }
        try {
            Object value = last().get(holder);
            if (!type.isInstance(value)) {
                return false;
            }
            last().set(holder, change.apply(type.cast(value)));
            return true;
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return false; // a final field the runtime will not change, or another type
        }
    }

    /** The object that holds the last field, or null where the path breaks. */
    private Object holderOf(Object root) {
        Object at = root;
        try {
            for (Field field : fields.subList(0, fields.size() - 1)) {
                if (!field.getDeclaringClass().isInstance(at)) {
                    return null;
                }
                at = field.get(at);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError("the field was made accessible", e);
        }
        return last().getDeclaringClass().isInstance(at) ? at : null;
    }

    private Field last() {
        return fields.get(fields.size() - 1);
    }

    /** The field of that name in the class or one of its superclasses, made accessible. */
    private static Field declared(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
