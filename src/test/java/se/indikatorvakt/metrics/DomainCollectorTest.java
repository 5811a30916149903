package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.evaluation.Result;

class DomainCollectorTest {
  private static final Instant NOW = Instant.parse("2024-05-02T08:00:00Z");

  private static Map<String, Double> samples(DomainSnapshot snapshot, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(new DomainCollector(clock, snapshot));
    Map<String, Double> samples = new HashMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  private static DomainSnapshot snapshot(List<SeriesReading> series, Optional<Instant> oldestUnsent) {
    return DomainSnapshot.of(series, List.of(new DomainSnapshot.AlertCount("critical", "firing", 3, 1, 1)),
        Map.of("pending", 2L), oldestUnsent, DomainSnapshotTest.CATALOG, 100, NOW);
  }

  @Test
  void everySeriesShowsValueTargetWarningResultCodeAndLastReport() {
    SeriesReading red = DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT);
    Map<String, Double> samples = samples(snapshot(List.of(red), Optional.empty()), Clock.fixed(NOW, ZoneOffset.UTC));
    String labels = "{gender=\"T\",indicator=\"vantetid\",org_unit=\"norr\"}";
    assertThat(samples).containsEntry("indikatorvakt_indicator_value" + labels, 134.0)
        .containsEntry("indikatorvakt_indicator_target" + labels, 90.0)
        .containsEntry("indikatorvakt_indicator_warning" + labels, 120.0)
        .containsEntry("indikatorvakt_indicator_result" + labels, 0.0)
        .containsEntry("indikatorvakt_indicator_last_report_timestamp_seconds" + labels,
            (double) NOW.minusSeconds(3600).getEpochSecond());
  }

  @Test
  void resultCodesAreTwoOneZeroAndMinusOne() {
    Map<Result, Double> expected = Map.of(Result.UPPFYLLT, 2.0, Result.DELVIS_UPPFYLLT, 1.0, Result.EJ_UPPFYLLT, 0.0,
        Result.INGET_MAL, -1.0);
    expected.forEach((result, code) -> assertThat(samples(snapshot(List.of(
        DomainSnapshotTest.reading("andel", "soder", "K", result)), Optional.empty()), Clock.systemUTC()))
        .containsEntry("indikatorvakt_indicator_result{gender=\"K\",indicator=\"andel\",org_unit=\"soder\"}", code));
  }

  @Test
  void aSeriesWithoutTargetHasNoTargetOrWarningSample() {
    SeriesReading noTarget = new SeriesReading("andel", "norr", "T", "2024", 71, Result.INGET_MAL,
        OptionalDouble.empty(), OptionalDouble.empty(), NOW);
    Map<String, Double> samples = samples(snapshot(List.of(noTarget), Optional.empty()), Clock.systemUTC());
    assertThat(samples.keySet()).noneMatch(name -> name.startsWith("indikatorvakt_indicator_target{"))
        .noneMatch(name -> name.startsWith("indikatorvakt_indicator_warning{"))
        .anyMatch(name -> name.startsWith("indikatorvakt_indicator_value{"));
  }

  @Test
  void theOldestWaitingEmailAgesWithTheClockBetweenRefreshes() {
    MutableClock clock = new MutableClock(NOW);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(new DomainCollector(clock,
        snapshot(List.of(), Optional.of(NOW.minusSeconds(30)))));
    assertThat(registry.scrape()).contains("indikatorvakt_outbox_oldest_message_age_seconds 30.0");
    clock.now = NOW.plusSeconds(15);
    assertThat(registry.scrape()).contains("indikatorvakt_outbox_oldest_message_age_seconds 45.0");
  }

  @Test
  void catalogNamesAreJoinableInfoSeriesAndAlertsAreCountedBySeverityAndState() {
    Map<String, Double> samples = samples(snapshot(List.of(), Optional.empty()), Clock.systemUTC());
    assertThat(samples)
        .containsEntry("indikatorvakt_indicator_info{indicator=\"vantetid\",indicator_name=\"Väntetid till daglig "
            + "verksamhet\",period_type=\"tertial\",unit=\"dagar\"}", 1.0)
        .containsEntry("indikatorvakt_org_unit_info{level=\"forvaltning\",org_unit=\"soc\",org_unit_name="
            + "\"Socialförvaltningen\",parent=\"\"}", 1.0)
        .containsEntry("indikatorvakt_alerts_open{severity=\"critical\",state=\"firing\"}", 3.0)
        .containsEntry("indikatorvakt_alerts_acknowledged{severity=\"critical\",state=\"firing\"}", 1.0)
        .containsEntry("indikatorvakt_outbox_messages{state=\"pending\"}", 2.0)
        .containsEntry("indikatorvakt_outbox_oldest_message_age_seconds", 0.0);
  }

  @Test
  void everyFamilyHasHelpText() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(new DomainCollector(Clock.systemUTC(),
        snapshot(List.of(DomainSnapshotTest.reading("vantetid", "norr", "T", Result.UPPFYLLT)), Optional.empty())));
    String page = registry.scrape();
    for (String line : page.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String name = line.split(" ")[2];
        assertThat(page).as("help of " + name).containsPattern("# HELP " + name + " \\S");
      }
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
