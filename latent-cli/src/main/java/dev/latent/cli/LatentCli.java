package dev.latent.cli;

import dev.latent.data.RatingCacheException;
import dev.latent.data.RatingFormatException;
import dev.latent.data.UnknownIdException;
import dev.latent.io.ModelFormatException;
import dev.latent.train.TrainingDivergedException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Entry point of the {@code latent} command.
 *
 * <p>Exit codes: 0 success; 2 the user's mistake (bad option, bad input file, unknown user or
 * item, unreadable model file), with one line on stderr naming what and where; 1 a failure of the
 * run itself (training diverged, I/O error, a bug), also one line, plus the stack trace only when
 * {@code LATENT_DEBUG} is set.
 */
@Command(name = "latent", mixinStandardHelpOptions = true, version = "latent 0.1.0",
        description = "Latent-factor recommender: train, evaluate and serve matrix-factorisation models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, RecommendCommand.class, SimilarCommand.class,
                PredictCommand.class, GenerateCommand.class, ConvertCommand.class, BenchCommand.class, DemoCommand.class,
                DatasetCommand.class, TuneCommand.class, ServeCommand.class, ExportCommand.class, ImportCommand.class, FactorsCommand.class,
                CommandLine.HelpCommand.class})
public final class LatentCli implements Runnable {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see latent --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; what tests call. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LatentCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int report(Exception e, PrintWriter err) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message;
        int code = EXIT_USER_ERROR;
        switch (cause) {
            case CliException c -> message = c.getMessage();
            case RatingFormatException r -> message = r.getMessage();
            case RatingCacheException r -> message = r.getMessage();
            case ModelFormatException m -> message = m.getMessage();
            case UnknownIdException u -> message = u.getMessage();
            case NoSuchFileException n -> message = "no such file: " + n.getFile();
            case AccessDeniedException a -> message = "permission denied: " + a.getFile();
            case IllegalArgumentException i -> message = i.getMessage();
            case TrainingDivergedException t -> {
                message = t.getMessage();
                code = EXIT_FAILURE;
            }
            case FileSystemException f -> {
                message = f.getMessage();
                code = EXIT_FAILURE;
            }
            case IOException io -> {
                message = "I/O error: " + io.getMessage();
                code = EXIT_FAILURE;
            }
            default -> {
                message = "internal error: " + cause + " (set LATENT_DEBUG=1 for the stack trace)";
                code = EXIT_FAILURE;
            }
        }
        err.println("latent: " + message);
        if (System.getenv("LATENT_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
