package dev.latent.cli.report;

import dev.latent.cli.LatentCli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders an {@code evaluate --report} page in headless Chromium, offline, and checks the
 * screenshot shows the page and its curves. Opt-in, since CI has no browser: run it with
 * {@code LATENT_CHROMIUM=chromium} (or the path of the binary; Debian: {@code apt-get install chromium}):
 * <pre>
 * LATENT_CHROMIUM=chromium mvn -o -pl latent-cli test -Dtest=ReportChromiumTest
 * </pre>
 */
@EnabledIfEnvironmentVariable(named = "LATENT_CHROMIUM", matches = ".+")
class ReportChromiumTest {
    private static final String CSV = "u1,i1,5\nu1,i2,3\nu1,i3,4\nu2,i1,4\nu2,i2,2\nu2,i4,5\nu3,i2,2\nu3,i3,5\n"
            + "u3,i4,1\nu4,i1,4\nu4,i3,3\nu4,i4,2\nu5,i1,2\nu5,i2,5\nu5,i3,1\nu6,i2,3\nu6,i4,4\nu6,i1,3\n";

    @TempDir
    Path dir;

    @Test
    void screenshot_evaluateReport_showsCurvesInTheirColours() throws Exception {
        Path csv = Files.writeString(dir.resolve("ratings.csv"), CSV, StandardCharsets.UTF_8);
        Path report = dir.resolve("report.html");
        StringWriter err = new StringWriter();
        int code = LatentCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "evaluate", "--data",
                csv.toString(), "--folds", "3", "--factors", "2", "--epochs", "15", "--quiet", "--report", report.toString());
        assertEquals(0, code, err.toString());

        Path png = dir.resolve("out.png");
        List<String> command = new ArrayList<>(List.of(System.getenv("LATENT_CHROMIUM"), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")),
                "--screenshot=" + png, "--window-size=1200,1600", report.toUri().toString()));
        Process chromium = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium did not finish in 60 s");
        assertTrue(Files.size(png) > 0, () -> "no screenshot; " + log());

        BufferedImage image = ImageIO.read(png.toFile());
        int drawn = 0;
        int[] palette = {0x0072B2, 0xD55E00, 0x009E73};
        int[] found = new int[palette.length];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                drawn += rgb != 0xffffff ? 1 : 0;
                for (int c = 0; c < palette.length; c++) {
                    found[c] += close(rgb, palette[c]) ? 1 : 0;
                }
            }
        }
        assertTrue(drawn > image.getWidth() * image.getHeight() / 50, "the page looks blank: " + drawn + " drawn pixels");
        for (int c = 0; c < palette.length; c++) {
            // each fold's curve and test point, and the per-fold bars, in the fold's colour
            assertTrue(found[c] > 200, String.format("colour #%06X: %d pixels", palette[c], found[c]));
        }
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("chromium.log"));
        } catch (IOException e) {
            return "no log";
        }
    }
}
