package dev.latent.tune;

import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.eval.rank.ItemScorer;
import dev.latent.eval.rank.RankingEvaluator;
import dev.latent.eval.rank.RankingMetrics;
import dev.latent.eval.split.Split;
import dev.latent.model.FactorModel;

import java.util.List;

/**
 * What a trial is scored by on one split: a rating error ({@code rmse}, {@code mae}; lower is
 * better) or a top-N metric ({@code ndcg@10}, {@code recall@20}, … any key of
 * {@link RankingMetrics#asMap()}; higher is better, ranked over the full catalogue on one thread).
 */
public interface Metric {
    Metric RMSE = new Error("rmse");
    Metric MAE = new Error("mae");

    /** The name as the CLI and JSON spell it. */
    String name();

    boolean higherIsBetter();

    /** The metric of {@code model}, trained on {@code split.train()}, on {@code split.test()}. */
    double measure(FactorModel model, Split split);

    /** The metric called {@code name}; an unknown name fails listing the choices. */
    static Metric named(String name) {
        switch (name) {
            case "rmse" -> {
                return RMSE;
            }
            case "mae" -> {
                return MAE;
            }
            default -> {
                int at = name.indexOf('@');
                if (at > 0) {
                    try {
                        int k = Integer.parseInt(name.substring(at + 1));
                        if (k > 0 && new RankingMetrics(k, 0, 0, 0, 0, 0, 0, 0, 0, 0).asMap().containsKey(name)) {
                            return new Ranking(name, k);
                        }
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw new IllegalArgumentException("unknown metric '" + name + "'; choose rmse, mae or one of "
                        + String.join(", ", List.copyOf(new RankingMetrics(10, 0, 0, 0, 0, 0, 0, 0, 0, 0).asMap().keySet()))
                        + " (any cut-off after @)");
            }
        }
    }

    /** RMSE or MAE of the predictions. */
    record Error(String name) implements Metric {
        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public double measure(FactorModel model, Split split) {
            ErrorMetrics errors = ErrorMetrics.of(model, split.test());
            return name.equals("rmse") ? errors.rmse() : errors.mae();
        }
    }

    /** One top-N metric at cut-off {@code k}. */
    record Ranking(String name, int k) implements Metric {
        @Override
        public boolean higherIsBetter() {
            return true;
        }

        @Override
        public double measure(FactorModel model, Split split) {
            RankingMetrics metrics = RankingEvaluator.fullCatalogue(k, 1).evaluate(ItemScorer.of(model), split.train(), split.test());
            return metrics.asMap().get(name);
        }
    }
}
