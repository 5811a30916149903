package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.evaluation.Result;

class DomainExpositionTest {
  private static final Instant NOW = Instant.parse("2024-05-02T08:00:00Z");
  private static final String NORR = "{gender=\"T\",indicator=\"vantetid\",org_unit=\"norr\"}";

  private static DomainSnapshot snapshot(List<SeriesReading> series, Optional<Instant> oldestUnsent, long nanos) {
    return DomainSnapshot.of(series, List.of(new DomainSnapshot.AlertCount("critical", "firing", 3, 1, 1, 1)),
        Map.of("pending", 2L), oldestUnsent, DomainSnapshotTest.CATALOG, 100, NOW, nanos);
  }

  private static Map<String, Double> samples(String page) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : page.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  private static String page(DomainExposition exposition) {
    return new String(exposition.plain(), StandardCharsets.UTF_8) + exposition.moving(0);
  }

  @Test
  void everySeriesShowsValueTargetWarningResultCodeAndLastReport() {
    SeriesReading red = DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT);
    Map<String, Double> samples = samples(page(new DomainExposition(snapshot(List.of(red), Optional.empty(), 0))));
    assertThat(samples).containsEntry(DomainExposition.VALUE + NORR, 134.0)
        .containsEntry(DomainExposition.TARGET + NORR, 90.0)
        .containsEntry(DomainExposition.WARNING + NORR, 120.0)
        .containsEntry(DomainExposition.RESULT + NORR, 0.0)
        .containsEntry(DomainExposition.LAST_REPORT + NORR, (double) NOW.minusSeconds(3600).getEpochSecond());
  }

  @ParameterizedTest(name = "{0} is shown as {1}")
  @CsvSource({"UPPFYLLT, 2", "DELVIS_UPPFYLLT, 1", "EJ_UPPFYLLT, 0", "INGET_MAL, -1"})
  void resultCodesAreTwoOneZeroAndMinusOne(Result result, int code) {
    String page = page(new DomainExposition(snapshot(List.of(
        DomainSnapshotTest.reading("andel", "soder", "K", result)), Optional.empty(), 0)));
    assertThat(page).contains(DomainExposition.RESULT + "{gender=\"K\",indicator=\"andel\",org_unit=\"soder\"} "
        + code + "\n");
  }

  @Test
  void aSeriesWithoutTargetHasNoTargetOrWarningSample() {
    SeriesReading noTarget = new SeriesReading("andel", "norr", "T", 71.5, Result.INGET_MAL,
        OptionalDouble.empty(), OptionalDouble.empty(), NOW);
    String page = page(new DomainExposition(snapshot(List.of(noTarget), Optional.empty(), 0)));
    assertThat(page).doesNotContain(DomainExposition.TARGET + "{").doesNotContain(DomainExposition.WARNING + "{")
        .contains(DomainExposition.VALUE + "{gender=\"T\",indicator=\"andel\",org_unit=\"norr\"} 71.5\n");
  }

  @Test
  void theOldestWaitingEmailAgesBetweenRefreshesWithoutAQuery() {
    DomainExposition exposition = new DomainExposition(snapshot(List.of(), Optional.of(NOW.minusSeconds(30)), 1_000));
    assertThat(exposition.moving(1_000)).contains(DomainExposition.OUTBOX_AGE + " 30\n");
    assertThat(exposition.moving(1_000 + 15_000_000_000L)).contains(DomainExposition.OUTBOX_AGE + " 45\n");
    assertThat(new DomainExposition(snapshot(List.of(), Optional.empty(), 0)).moving(5))
        .contains(DomainExposition.OUTBOX_AGE + " 0\n");
  }

  @Test
  void catalogNamesAreJoinableInfoSeriesAndAlertsAndOutboxAreCounted() {
    Map<String, Double> samples = samples(page(new DomainExposition(snapshot(List.of(), Optional.empty(), 0))));
    assertThat(samples)
        .containsEntry(DomainExposition.INDICATOR_INFO + "{indicator=\"vantetid\",indicator_name=\"Väntetid till daglig "
            + "verksamhet\",period_type=\"tertial\",unit=\"dagar\"}", 1.0)
        .containsEntry(DomainExposition.UNIT_INFO + "{level=\"forvaltning\",org_unit=\"soc\",org_unit_name="
            + "\"Socialförvaltningen\",parent=\"\"}", 1.0)
        .containsEntry(DomainExposition.ALERTS_OPEN + "{severity=\"critical\",state=\"firing\"}", 3.0)
        .containsEntry(DomainExposition.ALERTS_ACKNOWLEDGED + "{severity=\"critical\",state=\"firing\"}", 1.0)
        .containsEntry(DomainExposition.OUTBOX + "{state=\"pending\"}", 2.0)
        .containsEntry(DomainExposition.OUTBOX + "{state=\"dead\"}", 0.0);
  }

  @Test
  void everyFamilyHasHelpTextAndIsAGauge() {
    String page = page(new DomainExposition(snapshot(List.of(
        DomainSnapshotTest.reading("vantetid", "norr", "T", Result.UPPFYLLT)), Optional.empty(), 0)));
    for (String line : page.split("\n")) {
      if (!line.startsWith("#")) {
        String name = line.substring(0, line.contains("{") ? line.indexOf('{') : line.indexOf(' '));
        assertThat(page).as("help of " + name).containsPattern("# HELP " + name + " \\S")
            .contains("# TYPE " + name + " gauge\n");
      }
    }
  }

  @Test
  void labelValuesAreEscapedAsTheTextFormatRequires() {
    assertThat(DomainExposition.labels(new String[] {"a", "x\"y\\z\nw"})).isEqualTo("{a=\"x\\\"y\\\\z\\nw\"}");
    assertThat(DomainExposition.number(-1)).isEqualTo("-1");
    assertThat(DomainExposition.number(1.7e9 + 0.25)).isEqualTo("1.70000000025E9");
    assertThat(DomainExposition.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void thePageIsWrittenOncePerChangeOfTheDataAndItsGzipSaysTheSame() throws IOException {
    SeriesReading red = DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT);
    DomainExposition exposition = new DomainExposition(snapshot(List.of(red), Optional.empty(), 0));
    byte[] first = exposition.plain();
    exposition.publish(snapshot(List.of(red), Optional.empty(), 99));
    assertThat(exposition.plain()).as("same data, a later refresh: the same bytes").isSameAs(first);
    try (InputStream unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(exposition.gzip()))) {
      assertThat(unzipped.readAllBytes()).isEqualTo(first);
    }
    exposition.publish(snapshot(List.of(DomainSnapshotTest.reading("vantetid", "norr", "T", Result.UPPFYLLT)),
        Optional.empty(), 100));
    assertThat(exposition.plain()).isNotEqualTo(first);
  }
}
