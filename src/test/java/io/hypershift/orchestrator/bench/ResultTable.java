package io.hypershift.orchestrator.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The one table a benchmark prints: figure and value, as Markdown so it can be pasted into docs. */
final class ResultTable {

    private final List<String[]> rows = new ArrayList<>();

    ResultTable add(String figure, String value) {
        rows.add(new String[] {figure, value});
        return this;
    }

    ResultTable add(String figure, String format, Object... args) {
        return add(figure, String.format(Locale.ROOT, format, args));
    }

    String render() {
        int width = Math.max("figure".length(), rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        int valueWidth = Math.max("value".length(), rows.stream().mapToInt(r -> r[1].length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        line(out, width, valueWidth, "figure", "value");
        out.append("|-").append("-".repeat(width)).append("-|-").append("-".repeat(valueWidth)).append("-|\n");
        rows.forEach(r -> line(out, width, valueWidth, r[0], r[1]));
        return out.toString();
    }

    private static void line(StringBuilder out, int width, int valueWidth, String figure, String value) {
        out.append("| ").append(pad(figure, width)).append(" | ").append(pad(value, valueWidth)).append(" |\n");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    /** p50 / p95 / p99 / max of values in microseconds, as milliseconds; "n/a" without values. */
    static String percentilesMillis(long[] micros) {
        if (micros.length == 0) {
            return "n/a";
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s / %s / %s (max %s, n=%d)", ms(rank(sorted, 50)), ms(rank(sorted, 95)),
                ms(rank(sorted, 99)), ms(sorted[sorted.length - 1]), sorted.length);
    }

    /** Nearest-rank percentile. */
    private static long rank(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long micros) {
        double millis = micros / 1000.0;
        return millis < 10 ? String.format(Locale.ROOT, "%.2f", millis)
                : millis < 100 ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%.0f", millis);
    }

    static String megabytes(long kib) {
        return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kib / 1024.0);
    }
}
