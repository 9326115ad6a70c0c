package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of fields, one media format description inside {@link Caps}
 * ({@code GstStructure}). Immutable: the {@code with...} methods return new structures. Fields
 * keep the order in which they were first set, which is the order GStreamer prints them in.
 *
 * <p>{@link #equals} is GStreamer's {@code gst_structure_is_equal}: same name, same field names,
 * and values equal by {@link Values#isEqual} (so field order does not matter).
 */
public final class Structure {

    private final String name;
    private final String[] fieldNames;
    private final Value[] values;

    private Structure(String name, String[] fieldNames, Value[] values) {
        this.name = name;
        this.fieldNames = fieldNames;
        this.values = values;
    }

    /** A structure with no fields. */
    public static Structure of(String name) {
        return builder(name).build();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this structure's name and fields, to derive a new structure from it. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether {@code name} can name a structure: an ASCII letter, then letters, digits and
     * {@code /-_.:+}; not {@code ANY}, {@code EMPTY} or {@code NONE}, which are whole caps.
     */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0)) || isReservedName(name)) {
            return false;
        }
        return name.chars().allMatch(ValueSerializer::isSimpleChar);
    }

    static boolean isReservedName(String name) {
        return name.equals("ANY") || name.equals("EMPTY") || name.equals("NONE");
    }

    /** Whether {@code name} can name a field: one or more letters, digits or {@code _-+/:.}. */
    public static boolean isValidFieldName(String name) {
        return !name.isEmpty() && name.chars().allMatch(ValueSerializer::isSimpleChar);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public String name() {
        return name;
    }

    public boolean hasName(String name) {
        return this.name.equals(name);
    }

    /** The number of fields. */
    public int size() {
        return values.length;
    }

    public String fieldName(int index) {
        return fieldNames[index];
    }

    public Value value(int index) {
        return values[index];
    }

    public List<String> fieldNames() {
        return List.of(fieldNames);
    }

    public boolean has(String field) {
        return indexOf(field) >= 0;
    }

    /** Whether the field exists and holds a value of this type. */
    public boolean has(String field, ValueType type) {
        int i = indexOf(field);
        return i >= 0 && values[i].type() == type;
    }

    /** The field's value, or empty when there is no such field. */
    public Optional<Value> find(String field) {
        int i = indexOf(field);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    /** The field's value; throws {@link NoSuchElementException} when there is no such field. */
    public Value get(String field) {
        int i = indexOf(field);
        if (i < 0) {
            throw new NoSuchElementException("structure " + name + " has no field '" + field + "'");
        }
        return values[i];
    }

    int indexOf(String field) {
        for (int i = 0; i < fieldNames.length; i++) {
            if (fieldNames[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public int getInt(String field) {
        return typed(field, IntValue.class, "int").value();
    }

    /** A {@code uint} field, from 0 to 2^32-1. */
    public long getUInt(String field) {
        return typed(field, UIntValue.class, "uint").value();
    }

    public long getInt64(String field) {
        return typed(field, Int64Value.class, "gint64").value();
    }

    /** A {@code guint64} field's bits, to be read as unsigned. */
    public long getUInt64(String field) {
        return typed(field, UInt64Value.class, "guint64").bits();
    }

    public double getDouble(String field) {
        return typed(field, DoubleValue.class, "double").value();
    }

    public boolean getBoolean(String field) {
        return typed(field, BooleanValue.class, "boolean").value();
    }

    /** A string field; {@code null} for GStreamer's NULL string. */
    public String getString(String field) {
        return typed(field, StringValue.class, "string").value();
    }

    public Fraction getFraction(String field) {
        return typed(field, Fraction.class, "fraction");
    }

    public long getBitmask(String field) {
        return typed(field, Bitmask.class, "bitmask").bits();
    }

    public FlagSet getFlagSet(String field) {
        return typed(field, FlagSet.class, "flagset");
    }

    private <T extends Value> T typed(String field, Class<T> type, String typeName) {
        Value v = get(field);
        if (!type.isInstance(v)) {
            throw new IllegalStateException("field '" + field + "' of " + name + " is ("
                    + Values.genericType(v).serializedName() + ")" + v + ", not a fixed " + typeName);
        }
        return type.cast(v);
    }

    /** This structure with the field set: replaced where it is, or added at the end. */
    public Structure with(String field, Value value) {
        return toBuilder().set(field, value).build();
    }

    public Structure with(String field, int value) {
        return with(field, new IntValue(value));
    }

    public Structure with(String field, String value) {
        return with(field, new StringValue(value));
    }

    public Structure without(String field) {
        return toBuilder().remove(field).build();
    }

    public Structure withName(String name) {
        Builder b = builder(name);
        for (int i = 0; i < values.length; i++) {
            b.set(fieldNames[i], values[i]);
        }
        return b.build();
    }

    /** Whether every field is fixed ({@link Value#isFixed}). */
    public boolean isFixed() {
        for (Value v : values) {
            if (!v.isFixed()) {
                return false;
            }
        }
        return true;
    }

    /** The common formats of both structures, or empty when they have none ({@code gst_structure_intersect}). */
    public Optional<Structure> intersect(Structure other) {
        return Optional.ofNullable(StructureAlgebra.intersect(this, other));
    }

    public boolean canIntersect(Structure other) {
        return StructureAlgebra.canIntersect(this, other);
    }

    /** Whether every format this structure describes is one {@code superset} describes. */
    public boolean isSubsetOf(Structure superset) {
        return StructureAlgebra.isSubset(this, superset);
    }

    /** Every field fixated to its default: a range's lower bound, a list's first value. */
    public Structure fixate() {
        return Fixation.fixate(this);
    }

    /** Fixates the field to the int nearest {@code target} that it allows, if it is an int range or list. */
    public Structure fixateFieldNearestInt(String field, int target) {
        return fixated(field, Fixation.nearestInt(get(field), target));
    }

    public Structure fixateFieldNearestDouble(String field, double target) {
        return fixated(field, Fixation.nearestDouble(get(field), target));
    }

    public Structure fixateFieldNearestFraction(String field, Fraction target) {
        return fixated(field, Fixation.nearestFraction(get(field), target));
    }

    /** Fixates a boolean list field to {@code target} if listed, else to its first boolean. */
    public Structure fixateFieldBoolean(String field, boolean target) {
        return fixated(field, Fixation.listChoice(get(field), new BooleanValue(target)));
    }

    /** Fixates a string list field to {@code target} if listed, else to its first string. */
    public Structure fixateFieldString(String field, String target) {
        return fixated(field, Fixation.listChoice(get(field), new StringValue(target)));
    }

    private Structure fixated(String field, Value value) {
        return value == null ? this : with(field, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Structure s && StructureAlgebra.isEqual(this, s);
    }

    /** Consistent with {@link #equals}: equal structures have the same name and field names. */
    @Override
    public int hashCode() {
        int h = name.hashCode();
        for (String f : fieldNames) {
            h += f.hashCode();
        }
        return h;
    }

    /** GStreamer's {@code gst_structure_to_string}, e.g. {@code video/x-raw, width=(int)320;}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        appendFields(sb);
        return sb.append(';').toString();
    }

    void appendFields(StringBuilder sb) {
        for (int i = 0; i < values.length; i++) {
            sb.append(", ").append(fieldNames[i]).append("=(")
                    .append(Values.genericType(values[i]).serializedName()).append(')');
            ValueSerializer.appendFieldValue(sb, values[i]);
        }
    }

    /** Collects fields; setting a field that exists replaces its value in place. */
    public static final class Builder {

        private final String name;
        private final List<String> fieldNames;
        private final List<Value> values;

        private Builder(String name) {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("invalid structure name '" + name + "': expected an "
                        + "ASCII letter, then letters, digits or /-_.:+ (and not ANY, EMPTY or NONE)");
            }
            this.name = name;
            this.fieldNames = new ArrayList<>();
            this.values = new ArrayList<>();
        }

        private Builder(Structure s) {
            this.name = s.name;
            this.fieldNames = new ArrayList<>(Arrays.asList(s.fieldNames));
            this.values = new ArrayList<>(Arrays.asList(s.values));
        }

        public Builder set(String field, Value value) {
            Objects.requireNonNull(value, "value");
            int i = fieldNames.indexOf(field);
            if (i >= 0) {
                values.set(i, value);
            } else {
                if (!isValidFieldName(field)) {
                    throw new IllegalArgumentException("invalid field name '" + field
                            + "': expected letters, digits or _-+/:.");
                }
                fieldNames.add(field);
                values.add(value);
            }
            return this;
        }

        public Builder set(String field, int value) {
            return set(field, new IntValue(value));
        }

        public Builder set(String field, double value) {
            return set(field, new DoubleValue(value));
        }

        public Builder set(String field, boolean value) {
            return set(field, new BooleanValue(value));
        }

        public Builder set(String field, String value) {
            return set(field, new StringValue(value));
        }

        /** Sets an int range field, {@code [min, max]}. */
        public Builder setRange(String field, int min, int max) {
            return set(field, new IntRange(min, max));
        }

        /** Sets a fraction range field, {@code [min, max]}. */
        public Builder setRange(String field, Fraction min, Fraction max) {
            return set(field, new FractionRange(min, max));
        }

        /** Sets a string list field, {@code { a, b, ... }}. */
        public Builder setList(String field, String... values) {
            return set(field, ValueList.ofStrings(values));
        }

        public Builder setList(String field, int... values) {
            return set(field, ValueList.ofInts(values));
        }

        public Builder remove(String field) {
            int i = fieldNames.indexOf(field);
            if (i >= 0) {
                fieldNames.remove(i);
                values.remove(i);
            }
            return this;
        }

        /** Adds a field known to be new and well named, skipping the checks of {@link #set}. */
        Builder append(String field, Value value) {
            fieldNames.add(field);
            values.add(value);
            return this;
        }

        public Structure build() {
            return new Structure(name, fieldNames.toArray(String[]::new), values.toArray(Value[]::new));
        }
    }
}
