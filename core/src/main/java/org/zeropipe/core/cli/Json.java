package org.zeropipe.core.cli;

/** Writes JSON the way Python's {@code json.dumps(..., ensure_ascii=False)} does, for flat objects. */
final class Json {

    private final StringBuilder sb = new StringBuilder("{");

    /** Adds a string member. */
    Json put(String key, String value) {
        member(key);
        quote(value);
        return this;
    }

    Json put(String key, boolean value) {
        member(key);
        sb.append(value);
        return this;
    }

    private void member(String key) {
        if (sb.length() > 1) {
            sb.append(", ");
        }
        quote(key);
        sb.append(": ");
    }

    /** Only quotes, backslashes and control characters are escaped; other characters stay as they are. */
    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
