package dev.latent.cli.report;

/**
 * Finished SVG markup made by {@link SvgChart}, every text in it escaped; the only markup an
 * {@link HtmlReport} takes unescaped, so a caller cannot smuggle raw HTML into a report.
 */
public final class Svg {
    private final String markup;

    Svg(String markup) {
        this.markup = markup;
    }

    /** The {@code <svg>…</svg>} element. */
    public String markup() {
        return markup;
    }

    @Override
    public String toString() {
        return markup;
    }
}
