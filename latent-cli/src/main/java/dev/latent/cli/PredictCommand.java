package dev.latent.cli;

import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latent predict}: one predicted rating, clipped to the training data's range. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the rating a user would give an item.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "External user id.")
    String user;

    @Option(names = "--item", required = true, paramLabel = "ID", description = "External item id.")
    String item;

    @Option(names = "--json", description = "Print {\"user\": ID, \"item\": ID, \"prediction\": X, \"seen_in_training\": B}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        FactorModel model = ModelFiles.load(modelFile);
        int u = Commands.indexOf(model.users(), user);
        int i = Commands.indexOf(model.items(), item);
        float prediction = model.predict(u, i);
        boolean seen = model.hasSeen(u, i);
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("user", user);
            result.put("item", item);
            result.put("prediction", (double) prediction);
            result.put("seen_in_training", seen);
            out.println(Json.write(result));
        } else {
            out.printf("%.4f%s%n", prediction, seen ? "  (the user rated this item in training)" : "");
        }
        return 0;
    }
}
