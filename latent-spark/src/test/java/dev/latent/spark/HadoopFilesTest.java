package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Latent's files through Hadoop's file system API, on the local file system (no Spark session). */
class HadoopFilesTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void readRatings_fileUriAndBarePath_readAsTheCliReads() throws IOException {
        Path csv = ToolRun.tinyRatings(dir);
        RatingMatrix expected = RatingReader.withDefaults().read(csv).ratings();

        for (String location : new String[] {csv.toUri().toString(), csv.toString()}) {
            RatingMatrix read = HadoopFiles.readRatings(location, conf);
            assertEquals(expected.size(), read.size(), location);
            assertEquals(expected.users(), read.users(), location);
            assertEquals(expected.items(), read.items(), location);
        }
    }

    @Test
    void streamRatings_gzippedFileOnAStreamingFileSystem_readsTheSameRatings() throws IOException {
        Path csv = ToolRun.tinyRatings(dir);
        Path gz = dir.resolve("ratings.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(csv, out);
        }
        FileSystem raw = new RawLocalFileSystem();
        raw.initialize(raw.getUri(), conf);
        RatingMatrix expected = RatingReader.withDefaults().read(csv).ratings();

        RatingMatrix streamed = HadoopFiles.streamRatings(new org.apache.hadoop.fs.Path(gz.toUri()), raw);

        assertEquals(expected.size(), streamed.size());
        assertEquals(expected.users(), streamed.users());
        for (int u = 0; u < expected.userCount(); u++) {
            assertEquals(expected.userEnd(u) - expected.userStart(u), streamed.userEnd(u) - streamed.userStart(u));
        }
        FileNotFoundException missing = assertThrows(FileNotFoundException.class,
                () -> HadoopFiles.streamRatings(new org.apache.hadoop.fs.Path(dir.resolve("none.csv").toUri()), raw));
        assertTrue(missing.getMessage().startsWith("no rating file at file:"), missing.getMessage());
    }

    @Test
    void saveModelThenLoadModel_roundTripsTheModel() throws IOException {
        FactorModel model = new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(3).withEpochs(3).withThreads(1))
                .train(RatingReader.withDefaults().read(ToolRun.tinyRatings(dir)).ratings());
        String location = dir.resolve("out/m.latent").toUri().toString();

        HadoopFiles.saveModel(model, location, conf, false);

        assertTrue(model.sameAs(HadoopFiles.loadModel(location, conf)));
        assertTrue(model.sameAs(ModelFiles.load(dir.resolve("out/m.latent"))));
        assertThrows(IOException.class, () -> HadoopFiles.saveModel(model, location, conf, false));
        HadoopFiles.saveModel(model, location, conf, true);
    }

    @Test
    void loadModel_missingOrNotAModel_namesTheLocation() throws IOException {
        String missing = dir.resolve("none.latent").toString();
        Path garbage = Files.writeString(dir.resolve("garbage.latent"), "not a model");

        FileNotFoundException none = assertThrows(FileNotFoundException.class, () -> HadoopFiles.loadModel(missing, conf));
        IOException bad = assertThrows(IOException.class, () -> HadoopFiles.loadModel(garbage.toString(), conf));

        assertEquals(missing + ": no Latent model file", none.getMessage());
        assertTrue(bad.getMessage().startsWith(garbage + ": not a readable Latent model: "), bad.getMessage());
    }
}
