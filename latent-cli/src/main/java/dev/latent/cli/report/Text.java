package dev.latent.cli.report;

import java.util.Locale;

/** Escaping and number formatting shared by the HTML and SVG writers; numbers never depend on the default locale. */
final class Text {
    private Text() {
    }

    /**
     * {@code text} safe inside an element or a double- or single-quoted attribute of HTML or SVG:
     * {@code & < > " '} become entities, and control characters other than tab and newline, which
     * XML forbids, become U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n' -> out.append(c);
                default -> out.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** {@code value} with {@code decimals} digits after the point, "–" for NaN. */
    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A short human form of a parameter or tick value: up to four significant digits, no trailing zeros. */
    static String compact(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        String s = String.format(Locale.ROOT, "%.4g", value);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }

    /** An SVG coordinate: one decimal is a tenth of a pixel, plenty. */
    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
