package dev.latent.explain;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default biased-MF model of all of MovieLens 100K, rotated by varimax: the acceptance of
 * issue 8 (scores kept, factors that read as genres). About 15 seconds, most of it training.
 */
class FactorAnalysisMovieLensTest {
    private static FactorModel model;
    private static FactorRotation rotation;
    private static FactorModel rotated;
    private static Genres genres;

    @BeforeAll
    static void trainAndRotate() throws IOException {
        Path data = SharedData.require("ml-100k/u.data");
        RatingMatrix ratings = RatingReader.withDefaults().read(data).ratings();
        model = new BiasedMfTrainer(BiasedMfConfig.defaults()).train(ratings);
        rotation = FactorRotation.varimax(model);
        rotated = rotation.apply(model);
        genres = readGenres(SharedData.require("ml-100k/u.item"), model);
    }

    @Test
    void apply_defaultModel_keepsEveryScoreWithin1e4() {
        float[] before = new float[model.items().size()];
        float[] after = new float[before.length];
        double worst = 0;
        for (int u = 0; u < model.users().size(); u++) {
            model.scoreAll(u, before);
            rotated.scoreAll(u, after);
            for (int i = 0; i < before.length; i++) {
                worst = Math.max(worst, Math.abs(before[i] - after[i]));
            }
        }
        assertTrue(worst <= 1e-4, "largest score change " + worst);
    }

    @Test
    void varimax_defaultModel_isOrthogonalWithin1e9() {
        assertTrue(Models.orthogonalityError(rotation.matrix(), model.rank()) < 1e-9);
    }

    @Test
    void analyse_rotatedDefaultModel_atLeastThreeFactorsCorrelateWithAGenre() {
        List<FactorSummary> summaries = FactorAnalysis.analyse(rotated, genres, 10, 20);

        long readable = summaries.stream()
                .filter(s -> Math.abs(s.genres().getFirst().correlation()) >= 0.3)
                .count();
        assertTrue(readable >= 3, "factors with |r| ≥ 0.3: " + readable);
        double shares = summaries.stream().mapToDouble(FactorSummary::varianceShare).sum();
        assertEquals(1, shares, 1e-9);
        for (int f = 1; f < summaries.size(); f++) {
            assertTrue(summaries.get(f).varianceShare() <= summaries.get(f - 1).varianceShare() + 1e-12);
        }
    }

    @Test
    void mapCoordinates_defaultModel_placesEveryRatedItem() {
        double[][] map = FactorAnalysis.mapCoordinates(rotated);

        assertEquals(model.items().size(), map.length);
        for (double[] xy : map) {
            assertTrue(Double.isFinite(xy[0]) && Double.isFinite(xy[1]), Arrays.toString(xy));
        }
    }

    /** u.item: id|title|date|video date|url|19 genre flags, Latin-1; genre names from u.genre. */
    private static Genres readGenres(Path items, FactorModel model) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(items.resolveSibling("u.genre"), StandardCharsets.ISO_8859_1)) {
            if (!line.isBlank()) {
                names.add(line.substring(0, line.indexOf('|')));
            }
        }
        int[][] ofItem = new int[model.items().size()][];
        for (String line : Files.readAllLines(items, StandardCharsets.ISO_8859_1)) {
            String[] fields = line.split("\\|", -1);
            int item = model.items().tryIndexOf(fields[0]);
            if (line.isBlank() || item < 0) {
                continue;
            }
            ofItem[item] = java.util.stream.IntStream.range(0, names.size())
                    .filter(g -> fields[5 + g].equals("1"))
                    .toArray();
        }
        return new Genres(names, ofItem);
    }
}
