package dev.latent.train;

import java.util.Map;

/** What every trainer configuration record offers: its seed and a flat form for model files. */
public interface TrainerConfig {

    /** The seed that makes a run reproducible. */
    long seed();

    /** Parameter name → value, in a stable order; stored in model files and shown by the CLI. */
    Map<String, String> parameters();
}
