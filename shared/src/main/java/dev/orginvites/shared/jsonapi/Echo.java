package dev.orginvites.shared.jsonapi;

/**
 * What an error detail may quote of a request: a value the caller sent, cut to {@value #MAX_LENGTH} characters and
 * stripped of control and format characters (line breaks, bidirectional overrides, zero-width characters, unpaired
 * surrogates), so a detail stays short and reads as what it is, whatever was sent. Every detail that quotes input
 * quotes it through here.
 */
public final class Echo {
    public static final int MAX_LENGTH = 64;
    private static final String CUT = "…";

    private Echo() {
    }

    /** The value as a detail may show it; "" for null. */
    public static String of(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH));
        int kept = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                continue;
            }
            if (kept == MAX_LENGTH) {
                return out.append(CUT).toString();
            }
            out.appendCodePoint(c);
            kept++;
        }
        return out.toString();
    }
}
