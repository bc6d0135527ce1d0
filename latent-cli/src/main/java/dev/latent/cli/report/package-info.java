/** Self-contained HTML reports with inline SVG charts of a training, evaluation or tuning run, for people to look at. */
package dev.latent.cli.report;
