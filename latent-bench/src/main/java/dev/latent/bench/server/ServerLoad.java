package dev.latent.bench.server;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the HTTP server's acceptance from outside, with the JDK's HTTP client and virtual
 * threads: {@code rate} (open-loop latency at a constant arrival rate), {@code swaps}
 * ({@code /admin/reload} back to back under that load) and {@code crash} (SIGKILL during ingest,
 * then every acknowledged rating must be there after the restart). Commands and measured numbers:
 * {@code docs/bench-server.md}.
 *
 * <pre>
 * java -cp latent-bench/target/latent-benchmarks.jar dev.latent.bench.server.ServerLoad rate --url http://127.0.0.1:8080
 * </pre>
 *
 * <p>Exit codes: 0 passed, 1 the scenario failed (or could not reach the server), 2 bad options.
 * Results go to standard output (one JSON line with {@code --json}), progress to standard error.
 */
public final class ServerLoad {
    private static final String PROGRAM = "server-load";

    private ServerLoad() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the scenario {@code args} name and returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, out, err);
        } catch (Options.BadOptionException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(PROGRAM + ": interrupted");
            return 1;
        } catch (Exception e) {
            err.println(PROGRAM + ": " + Http.describe(e));
            return 1;
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length == 0) {
                throw new Options.BadOptionException("name a scenario: rate, swaps or crash (--help shows their options)");
            }
            out.println(usage());
            return 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help")) {
            out.println(usage());
            return 0;
        }
        return switch (args[0]) {
            case RateScenario.NAME ->
                    new RateScenario(Options.parse(RateScenario.NAME, rest, RateScenario.VALUED, RateScenario.FLAGS))
                            .run(out, err);
            case SwapsScenario.NAME ->
                    new SwapsScenario(Options.parse(SwapsScenario.NAME, rest, SwapsScenario.VALUED, SwapsScenario.FLAGS))
                            .run(out, err);
            case CrashScenario.NAME ->
                    new CrashScenario(Options.parse(CrashScenario.NAME, rest, CrashScenario.VALUED, CrashScenario.FLAGS))
                            .run(out, err);
            default -> throw new Options.BadOptionException("unknown scenario '" + args[0] + "'; expected rate, swaps or crash");
        };
    }

    private static String usage() {
        return String.join(System.lineSeparator(),
                "usage: ServerLoad <scenario> [options]",
                "  " + RateScenario.USAGE,
                "  " + SwapsScenario.USAGE,
                "  " + CrashScenario.USAGE,
                "exit codes: 0 passed, 1 failed, 2 bad options");
    }
}
