package io.mcscale.core.plan;

import java.util.List;
import java.util.Locale;

/**
 * Draws {@code --chart FILE.svg}: three panels over the same time axis, one line per policy:
 * machines on (billed), simulations waiting, and the mean wait of the simulations that started in
 * each interval. A week has 20,000 polls per policy, so each line shows the maximum of each
 * horizontal pixel bucket: a spike never disappears between two points. Pure: a string out.
 */
public final class PlanChart {
    /** One policy's line. */
    public record Series(String policy, Timeline timeline) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};
    private static final int WIDTH = 1000;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int PANEL = 170;
    private static final int GAP = 50;
    private static final int TOP = 60;

    private PlanChart() {
    }

    public static String render(String title, List<Series> series, double horizonSeconds) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int height = TOP + 3 * (PANEL + GAP);
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 22, 15, "start", escape(title)));
        for (int i = 0; i < series.size(); i++) {
            int x = LEFT + i * 150;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"34\" width=\"14\" height=\"4\" fill=\"%s\"/>%n", x, colour(i)));
            svg.append(text(x + 20, 40, 12, "start", escape(series.get(i).policy())));
        }
        String[] titles = {"machines on", "simulations waiting", "mean wait of those started (s)"};
        double horizon = Math.max(horizonSeconds, 1);
        for (int panel = 0; panel < 3; panel++) {
            int top = TOP + panel * (PANEL + GAP) + 20;
            double[][] lines = new double[series.size()][];
            double max = 0;
            for (int i = 0; i < series.size(); i++) {
                lines[i] = bucketMaxima(series.get(i).timeline(), panel, plotWidth, horizon);
                for (double v : lines[i]) {
                    max = Math.max(max, v);
                }
            }
            max = niceCeiling(max);
            svg.append(text(LEFT, top - 8, 13, "start", titles[panel]));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                    LEFT, top, plotWidth, PANEL));
            svg.append(text(LEFT - 6, top + 4, 11, "end", number(max)));
            svg.append(text(LEFT - 6, top + PANEL + 4, 11, "end", "0"));
            for (double day = 86_400; day < horizon; day += 86_400) {
                int x = LEFT + (int) Math.round(day / horizon * plotWidth);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                        x, top, x, top + PANEL));
            }
            for (int i = 0; i < lines.length; i++) {
                svg.append(polyline(lines[i], top, max, colour(i)));
            }
            svg.append(text(LEFT + plotWidth, top + PANEL + 16, 11, "end",
                    String.format(Locale.ROOT, "%.1f h (grid: days)", horizon / 3600)));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double[] bucketMaxima(Timeline timeline, int panel, int buckets, double horizon) {
        double[] maxima = new double[buckets];
        for (int p = 0; p < timeline.size(); p++) {
            int bucket = Math.min(buckets - 1, (int) (timeline.time(p) / horizon * buckets));
            double value = switch (panel) {
                case 0 -> timeline.machinesOn(p);
                case 1 -> timeline.queued(p);
                default -> timeline.responseSeconds(p);
            };
            maxima[bucket] = Math.max(maxima[bucket], value);
        }
        return maxima;
    }

    private static String polyline(double[] values, int top, double max, String colour) {
        StringBuilder points = new StringBuilder(values.length * 12);
        for (int x = 0; x < values.length; x++) {
            double y = top + PANEL - (max == 0 ? 0 : values[x] / max * PANEL);
            points.append(LEFT + x).append(',').append(String.format(Locale.ROOT, "%.1f", y)).append(' ');
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.2\" stroke-opacity=\"0.85\" points=\""
                + points.toString().strip() + "\"/>\n";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}; at least 1. */
    static double niceCeiling(double value) {
        if (value <= 1) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    private static String number(double value) {
        return DemandParser.number(value);
    }

    private static String text(int x, int y, int size, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
                x, y, size, anchor, content);
    }

    static String escape(String raw) {
        return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
