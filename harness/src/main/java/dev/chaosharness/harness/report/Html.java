package dev.chaosharness.harness.report;

import java.util.Locale;

/** Escaping and small formatting helpers for the report's HTML and SVG. */
final class Html {

    private Html() {
    }

    static String esc(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code atMs} as seconds from the start of the load, as the timeline counts: "+12.4 s", "-0.8 s". */
    static String sinceLoad(long atMs, long loadStartMs) {
        double seconds = (atMs - loadStartMs) / 1000.0;
        return (seconds < 0 ? "-" : "+") + num(Math.abs(seconds)) + " s";
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
