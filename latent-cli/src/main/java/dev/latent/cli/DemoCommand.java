package dev.latent.cli;

import dev.latent.data.DataSets;
import dev.latent.data.ItemMetadata;
import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadResult;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.Evaluator;
import dev.latent.eval.split.HoldoutSplitter;
import dev.latent.explain.FactorSummary;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingListener;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code latent demo}: the main job end to end, offline — data, evaluation against the baselines,
 * a final model, one user's top 10 and one item's neighbours.
 *
 * <p>Data, first found: {@code --data FILE}; MovieLens 100K cached by {@code latent dataset
 * fetch ml-100k}; MovieLens 100K in the shared data folder ({@link DataSets#root()}); else a
 * built-in synthetic catalogue generated in memory.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train, evaluate and recommend on a real dataset when one is at hand, else on a built-in synthetic catalogue.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Rating file to use instead of the default data.")
    Path data;

    @Option(names = "--user", paramLabel = "ID", description = "User to recommend for (default: the first user in the data).")
    String user;

    @Option(names = "--out", paramLabel = "MODEL", description = "Also save the final model here.")
    Path out;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ItemOptions items = new ItemOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (modelOptions.implicitModel()) {
            throw new CliException("the demo predicts ratings and " + modelOptions.algorithm() + " is an implicit-feedback model; "
                    + "try ./latent evaluate --task rank --algo " + modelOptions.algorithm() + " --data FILE");
        }
        Trainer trainer = modelOptions.trainer();
        long started = System.nanoTime();

        Optional<Path> file = Optional.ofNullable(data).or(KnownDatasets::cachedMl100k)
                .or(() -> DataSets.find("ml-100k/u.data"));
        RatingMatrix ratings;
        ItemMetadata titles = items.read(err);
        if (file.isPresent()) {
            ReadResult<RatingMatrix> read = input.read(file.get(), err);
            ratings = read.ratings();
            titles = items.readOrFindNear(file.get(), err);
            out.print("Data: ");
            Commands.printReport(out, read.report());
        } else {
            SyntheticConfig config = new SyntheticConfig(3000, 1500, 150_000, 10, 0.5, 0.8, 42);
            ratings = new SyntheticGenerator(config).toMatrix();
            out.printf("Data: no rating file at hand, so a built-in synthetic catalogue: %d ratings of %d users × %d items "
                    + "from a planted rank-%d model with noise σ = %.1f (pass --data FILE for your own).%n",
                    ratings.size(), ratings.userCount(), ratings.itemCount(), config.rank(), config.noise());
        }
        out.printf("Model: %s (%s)%n%n", trainer.algorithm(), Commands.describe(trainer.config().parameters()));

        out.println("Evaluation on a random 20% holdout (seed 42):");
        EvaluationReport report = new Evaluator(fold -> TrainingListener.NONE)
                .evaluate(trainer, new HoldoutSplitter(0.2, 42).split(ratings));
        Commands.printSummaries(out, report, trainer.algorithm());

        out.printf("%nTraining the final model on all %d ratings...%n", ratings.size());
        out.flush();
        FactorModel model = trainer.train(ratings, null,
                ProgressListener.stderrIsTerminal() ? new ProgressListener(err, true, "") : TrainingListener.NONE);
        if (this.out != null) {
            ModelFiles.save(model, this.out);
            out.println("Saved the model to " + this.out);
        }

        Recommender recommender = new Recommender(model);
        String who = user != null ? user : model.users().idAt(0);
        int u = Commands.indexOf(model.users(), who);
        out.printf("%nTop 10 for user %s, who rated %d items:%n", who, model.seenCount(u));
        print(out, recommender.recommend(u, 10), titles);

        int popular = mostRated(ratings);
        String item = model.items().idAt(popular);
        String itemTitle = titles.title(item);
        out.printf("%nMost similar to item %s%s, rated %d times (cosine of item factors):%n", item,
                itemTitle != null ? " \"" + itemTitle + "\"" : "", ratings.itemDegree(popular));
        print(out, recommender.similar(popular, 10), titles);

        printFactors(out, model, titles);

        out.printf("%nDone in %.1f s. Next: ./latent train --data FILE --out model.latent, then "
                + "./latent recommend --model model.latent --user ID (see ./latent --help).%n",
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static int mostRated(RatingMatrix ratings) {
        int best = 0;
        for (int i = 1; i < ratings.itemCount(); i++) {
            if (ratings.itemDegree(i) > ratings.itemDegree(best)) {
                best = i;
            }
        }
        return best;
    }

    private static void print(PrintWriter out, List<ScoredItem> items, ItemMetadata titles) {
        for (int k = 0; k < items.size(); k++) {
            ScoredItem item = items.get(k);
            String title = titles.title(item.id());
            out.printf("  %2d. %-8s %.3f  %s%n", k + 1, item.id(), item.score(), title == null ? "" : title);
        }
    }

    /**
     * Three of the model's factors, rotated by varimax: with genres, the three that correlate most
     * with one (labelled); without, the three with the largest variance share.
     */
    private static void printFactors(PrintWriter out, FactorModel model, ItemMetadata titles) {
        FactorView view = FactorView.of(model, titles, FactorView.VARIMAX, 5, 20);
        List<FactorSummary> chosen = new ArrayList<>(view.summaries());
        if (titles.hasGenres()) {
            chosen.sort(Comparator.comparingDouble((FactorSummary f) -> f.genres().isEmpty() ? 0
                    : -Math.abs(f.genres().get(0).correlation())).thenComparingInt(FactorSummary::index));
        }
        out.printf("%nWhat the factors stand for: %d latent factors, rotated by varimax (predictions unchanged); %s%n",
                model.rank(), titles.hasGenres() ? "the three most like a genre, with their top items:"
                        : "the three largest, with their top items (pass --items FILE for genre labels):");
        for (FactorSummary factor : chosen.subList(0, Math.min(3, chosen.size()))) {
            StringBuilder line = new StringBuilder();
            for (int item : factor.top()) {
                String title = view.title(item);
                line.append(line.isEmpty() ? "" : "; ").append(title == null ? view.model.items().idAt(item) : title);
            }
            String genre = factor.label() == null ? "" : String.format(Locale.ROOT, " \"%s\" (%s r = %+.2f)",
                    factor.label(), factor.genres().get(0).genre(), factor.genres().get(0).correlation());
            out.printf(Locale.ROOT, "  factor %d%s, %.1f%% of score variance: %s%n", factor.index(), genre,
                    100 * factor.varianceShare(), line);
        }
        out.println("  (all of them: ./latent factors --model MODEL --items FILE)");
    }
}
