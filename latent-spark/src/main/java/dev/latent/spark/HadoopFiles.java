package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.io.ModelFiles;
import dev.latent.io.ModelFormatException;
import dev.latent.model.FactorModel;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Latent's files on any Hadoop file system (HDFS, S3A, the local one…): what a path means is
 * Spark's convention, a bare path resolved against {@code fs.defaultFS}. Model files go through a
 * local temporary copy, since {@link ModelFiles} maps files; rating files stream through
 * {@link RatingReader}, or, on the local file system, are read in place with its parallel reader
 * and cache.
 */
final class HadoopFiles {
    private HadoopFiles() {
    }

    /** The ratings at {@code location}, read on the driver as {@code ./latent train} reads a file. */
    static RatingMatrix readRatings(String location, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = path.getFileSystem(conf);
        if (isLocal(fs)) {
            return RatingReader.withDefaults().read(Path.of(fs.makeQualified(path).toUri())).ratings();
        }
        return streamRatings(path, fs);
    }

    /** The ratings at {@code path} streamed from {@code fs}; gzipped when the name ends in .gz. */
    static RatingMatrix streamRatings(org.apache.hadoop.fs.Path path, FileSystem fs) throws IOException {
        if (!fs.exists(path)) {
            throw new FileNotFoundException("no rating file at " + fs.makeQualified(path));
        }
        try (FSDataInputStream in = fs.open(path)) {
            return RatingReader.withDefaults().read(fs.makeQualified(path).toString(), in).ratings();
        }
    }

    /**
     * Writes {@code model} to {@code location} on its file system: a local temporary file first,
     * then copied (a checksummed local file system also writes its {@code .crc} file beside it).
     */
    static void saveModel(FactorModel model, String location, Configuration conf, boolean overwrite) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = target.getFileSystem(conf);
        Path temp = Files.createTempFile("latent-model-", ".latent");
        try {
            ModelFiles.save(model, temp);
            try (FSDataOutputStream out = fs.create(target, overwrite)) {
                Files.copy(temp, out);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads the Latent model file at {@code location} through a local temporary copy.
     *
     * @throws FileNotFoundException when there is no file there
     * @throws IOException           naming {@code location}, when it cannot be read or is not a Latent model
     */
    static FactorModel loadModel(String location, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = source.getFileSystem(conf);
        if (!fs.exists(source) || !fs.getFileStatus(source).isFile()) {
            throw new FileNotFoundException(source + ": no Latent model file");
        }
        Path dir = Files.createTempDirectory("latent-model-");
        Path local = dir.resolve("model.latent");
        try {
            try (FSDataInputStream in = fs.open(source)) {
                Files.copy(in, local);
            } catch (IOException e) {
                throw new IOException(source + ": cannot be read: " + e.getMessage(), e);
            }
            try {
                return ModelFiles.load(local);
            } catch (ModelFormatException e) {
                // Its message names the local copy; name the file itself instead.
                String message = e.getMessage();
                String prefix = local + ": ";
                String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
                throw new IOException(source + ": not a readable Latent model: " + problem, e);
            }
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(dir);
        }
    }

    private static boolean isLocal(FileSystem fs) {
        return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    }
}
