package org.zeropipe.core.pipeline;

import java.util.Locale;
import java.util.Objects;

import org.zeropipe.core.caps.Caps;

/**
 * Describes one element property: its name, type, default and (for numbers) range, as
 * GStreamer's {@code GParamSpec}. The launch parser sets properties from text through
 * {@link #parse}; code sets them through {@link Element#set}. Supported types: Integer, Long,
 * Double, Boolean, String, Caps and enums (written by constant name, any case, '-' for '_').
 *
 * @param min lowest allowed value for numbers, {@code null} for other types
 * @param max highest allowed value for numbers, {@code null} for other types
 */
public record PropertySpec<T>(String name, Class<T> type, T defaultValue, T min, T max, String description) {

    public PropertySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (defaultValue != null) {
            // The default must itself be valid.
            checkValue(name, type, defaultValue, min, max);
        }
    }

    public static PropertySpec<Integer> ofInt(String name, int def, int min, int max, String description) {
        return new PropertySpec<>(name, Integer.class, def, min, max, description);
    }

    public static PropertySpec<Long> ofLong(String name, long def, long min, long max, String description) {
        return new PropertySpec<>(name, Long.class, def, min, max, description);
    }

    public static PropertySpec<Double> ofDouble(String name, double def, double min, double max, String description) {
        return new PropertySpec<>(name, Double.class, def, min, max, description);
    }

    public static PropertySpec<Boolean> ofBoolean(String name, boolean def, String description) {
        return new PropertySpec<>(name, Boolean.class, def, null, null, description);
    }

    public static PropertySpec<String> ofString(String name, String def, String description) {
        return new PropertySpec<>(name, String.class, def, null, null, description);
    }

    public static PropertySpec<Caps> ofCaps(String name, Caps def, String description) {
        return new PropertySpec<>(name, Caps.class, def, null, null, description);
    }

    public static <E extends Enum<E>> PropertySpec<E> ofEnum(String name, Class<E> type, E def, String description) {
        return new PropertySpec<>(name, type, def, null, null, description);
    }

    /** Checks {@code value}'s type and range and returns it typed. */
    public T check(Object value) {
        return checkValue(name, type, value, min, max);
    }

    private static <T> T checkValue(String name, Class<T> type, Object value, T min, T max) {
        Object v = value;
        if (v instanceof Integer i && type == Long.class) {
            v = i.longValue();
        } else if (v instanceof Number n && type == Double.class && !(v instanceof Double)) {
            v = n.doubleValue();
        }
        if (v == null) {
            if (type == String.class || type == Caps.class) {
                return null;
            }
            throw new IllegalArgumentException("property '" + name + "' cannot be null");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("property '" + name + "' is a " + type.getSimpleName() + ", not a "
                    + v.getClass().getSimpleName() + " (" + v + ")");
        }
        T t = type.cast(v);
        if (min != null && t instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<T> c = (Comparable<T>) t;
            if (c.compareTo(min) < 0 || c.compareTo(max) > 0) {
                throw new IllegalArgumentException("property '" + name + "' must be in [" + min + ", " + max + "], not " + v);
            }
        }
        return t;
    }

    /** Reads a value written as text ({@code "10"}, {@code "true"}, a caps string, an enum name). */
    public T parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            Object v;
            if (type == Integer.class) {
                v = Integer.decode(text.trim());
            } else if (type == Long.class) {
                v = Long.decode(text.trim());
            } else if (type == Double.class) {
                v = Double.parseDouble(text.trim());
            } else if (type == Boolean.class) {
                String s = text.trim().toLowerCase(Locale.ROOT);
                v = switch (s) {
                    case "true", "yes", "1", "on" -> Boolean.TRUE;
                    case "false", "no", "0", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
            } else if (type == String.class) {
                v = text;
            } else if (type == Caps.class) {
                v = Caps.parse(text);
            } else if (type.isEnum()) {
                v = parseEnum(text);
            } else {
                throw new IllegalArgumentException("no text form for " + type.getSimpleName());
            }
            return check(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value '" + text + "' for property '" + name + "' ("
                    + type.getSimpleName() + "): " + e.getMessage(), e);
        }
    }

    private Object parseEnum(String text) {
        String wanted = text.trim().replace('-', '_');
        for (T c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        StringBuilder names = new StringBuilder();
        for (T c : type.getEnumConstants()) {
            names.append(names.isEmpty() ? "" : ", ").append(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("expected one of " + names);
    }
}
