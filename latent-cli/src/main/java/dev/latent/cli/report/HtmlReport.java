package dev.latent.cli.report;

import dev.latent.io.binary.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.latent.cli.report.Text.escape;

/**
 * Builds one self-contained HTML page: a title, then sections of paragraphs, tables and
 * {@link SvgChart} charts, in the order added. The page needs no network, no other file and no
 * script: styles are inline and fonts are the reader's own. Every text is escaped here, so ids
 * and titles holding {@code <&"} are shown as written.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:960px;color:#222;\
            padding:0 1em}
            h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
            .subtitle{color:#666;margin-top:0}
            table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .7em;border-bottom:1px solid #eee;\
            text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f5f5}
            svg.chart{max-width:100%;height:auto;display:block;margin:.5em 0}
            """;

    private final String title;
    private final List<String> body = new ArrayList<>();

    /** A report whose {@code <title>} and heading are {@code title}, with {@code subtitle} (may be empty) below it. */
    public HtmlReport(String title, String subtitle) {
        this.title = Objects.requireNonNull(title, "title");
        body.add("<h1>" + escape(title) + "</h1>");
        if (!subtitle.isEmpty()) {
            body.add("<p class=\"subtitle\">" + escape(subtitle) + "</p>");
        }
    }

    /** Starts a section. */
    public HtmlReport section(String heading) {
        body.add("<h2>" + escape(heading) + "</h2>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** A table; cells that read as numbers are right-aligned. Rows shorter than the header are padded. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table>");
        if (header.stream().anyMatch(h -> !h.isEmpty())) {
            html.append("<thead><tr>");
            for (String h : header) {
                html.append("<th>").append(escape(h)).append("</th>");
            }
            html.append("</tr></thead>");
        }
        html.append("<tbody>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (int c = 0; c < header.size(); c++) {
                String cell = c < row.size() ? row.get(c) : "";
                html.append(numeric(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        body.add(html.append("</tbody></table>").toString());
        return this;
    }

    /** A two-column table of names and values, in the map's order. */
    public HtmlReport facts(Map<String, String> facts) {
        List<List<String>> rows = new ArrayList<>();
        facts.forEach((name, value) -> rows.add(List.of(name, value)));
        return table(List.of("", ""), rows);
    }

    public HtmlReport chart(Svg svg) {
        body.add(svg.markup());
        return this;
    }

    /** The whole page. */
    public String render() {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        for (String part : body) {
            html.append(part).append('\n');
        }
        return html.append("<p class=\"subtitle\">Made by latent.</p>\n</body>\n</html>\n").toString();
    }

    /**
     * Writes the page to {@code file} atomically (a temporary file renamed into place), creating
     * missing directories: a failed write leaves no half page and an existing file untouched.
     */
    public void write(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(render().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(file, "report", channel -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        });
    }

    /**
     * Checks before a long run that a report can be written to {@code file}: its directory exists
     * or can be made, a file can be created there, and {@code file} is not a directory.
     *
     * @throws IllegalArgumentException naming {@code option}, the file and the reason, when not
     */
    public static void requireWritable(Path file, String option) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        String problem = null;
        if (directory == null || target.getFileName() == null) {
            problem = "not a file path";
        } else if (Files.isDirectory(target)) {
            problem = "it is a directory";
        } else {
            try {
                Files.createDirectories(directory);
                Files.delete(Files.createTempFile(directory, ".latent-report-probe", ".tmp"));
            } catch (AccessDeniedException e) {
                problem = "permission denied";
            } catch (FileSystemException e) {
                problem = e.getReason() != null ? e.getReason() : e.getFile() + " is in the way";
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("cannot write " + option + " " + file + ": " + problem);
        }
    }

    private static boolean numeric(String cell) {
        if (cell.isEmpty() || cell.equals("–")) {
            return !cell.isEmpty();
        }
        char first = cell.charAt(0);
        return (Character.isDigit(first) || first == '-' || first == '.') && cell.chars().allMatch(
                c -> Character.isDigit(c) || c == '.' || c == '-' || c == 'e' || c == ' ' || c == '±' || c == '%');
    }
}
