package se.indikatorvakt.metrics;

import java.time.Duration;
import se.indikatorvakt.config.SettingsReader;

/**
 * The metrics section of application.yaml.
 *
 * @param maxSeries indicator series (indicator × org unit × kön) that get their own gauges; the rest are
 *     counted in {@code indikatorvakt_metrics_dropped_series_total} and still counted by result
 * @param refreshDebounce at most one gauge refresh per this interval, however many commits notify
 * @param refreshInterval a refresh even without notifications: outbox age, catalog reloads, missed notifications
 */
public record MetricsSettings(int maxSeries, Duration refreshDebounce, Duration refreshInterval) {

  public static MetricsSettings from(SettingsReader in) {
    return new MetricsSettings(
        in.integer("metrics.maxSeries", 0, 1_000_000),
        in.duration("metrics.refreshDebounce", Duration.ZERO),
        in.duration("metrics.refreshInterval", Duration.ofSeconds(1)));
  }
}
