package dev.latent.cli;

import dev.latent.train.EpochEvent;
import dev.latent.train.TrainingListener;

import java.io.PrintWriter;

/**
 * Shows training progress on stderr: a bar redrawn in place on a terminal, one line per epoch
 * otherwise (logs, pipes, CI).
 */
final class ProgressListener implements TrainingListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final String prefix;

    ProgressListener(PrintWriter err, boolean terminal, String prefix) {
        this.err = err;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    /** Whether stderr is an interactive terminal. */
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpoch(EpochEvent e) {
        String numbers = String.format("epoch %d/%d  train RMSE %.4f%s  %.1f s", e.epoch(), e.epochs(), e.trainRmse(),
                e.hasValidation() ? String.format("  validation RMSE %.4f", e.validationRmse()) : "",
                e.elapsed().toMillis() / 1000.0);
        if (terminal) {
            int done = (int) Math.round((double) WIDTH * e.epoch() / e.epochs());
            err.print("\r" + prefix + "[" + "#".repeat(done) + " ".repeat(WIDTH - done) + "] " + numbers + "   ");
            if (e.epoch() == e.epochs()) {
                err.println();
            }
        } else {
            err.println(prefix + numbers);
        }
        err.flush();
    }

    /** Ends a bar that stopped before its last epoch (early stopping), so that what follows starts on a new line. */
    void endLine() {
        if (terminal) {
            err.println();
            err.flush();
        }
    }
}
