package se.indikatorvakt.reporting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import se.indikatorvakt.config.SettingsReader;

/**
 * The follow-up report's settings.
 *
 * @param templateDir a folder whose report templates replace the built-in ones
 * @param timeout the bound on writing one report (data, HTML and PDF)
 * @param maxConcurrent reports written at once, each on a thread of the report's own worker pool
 * @param trendPeriods periods in a trend chart and table
 */
public record ReportSettings(Optional<Path> templateDir, Duration timeout, int maxConcurrent, int trendPeriods) {
  public static ReportSettings from(SettingsReader in) {
    return new ReportSettings(
        in.optionalString("reports.templateDir").map(Path::of),
        in.duration("reports.timeout", Duration.ofSeconds(1)),
        in.integer("reports.maxConcurrent", 1, 16),
        in.integer("reports.trendPeriods", 1, 24));
  }
}
