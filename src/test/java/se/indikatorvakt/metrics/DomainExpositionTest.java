package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
  private static final String NORR = "{gender=\"T\",indicator=\"vantetid\",kommun=\"0880\",org_unit=\"norr\"}";
  private static final String LJUNG = "{gender=\"T\",indicator=\"andel\",kommun=\"1466\",org_unit=\"ljung\"}";

  private static DomainSnapshot snapshot(List<SeriesReading> series, Optional<Instant> oldestUnsent, long nanos) {
    return DomainSnapshot.of(series, List.of(new DomainSnapshot.AlertCount("0880", "critical", "firing", 3, 1, 1, 1)),
        Map.of("0880", Map.of("pending", 2L)), oldestUnsent.map(queued -> Map.of("0880", queued)).orElse(Map.of()),
        DomainSnapshotTest.CATALOG, 100, NOW, nanos);
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
    return text(exposition.written(Optional.empty())) + exposition.moving(0, MetricsEndpoint.Scope.everything());
  }

  private static String kommunPage(DomainExposition exposition, String kommun) {
    return text(exposition.written(Optional.of(kommun))) + exposition.moving(0, MetricsEndpoint.Scope.ofKommun(kommun));
  }

  private static String text(DomainExposition.Written page) {
    try (InputStream plain = page.plain()) {
      return new String(plain.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    assertThat(page).contains(DomainExposition.RESULT + "{gender=\"K\",indicator=\"andel\",kommun=\"0880\",org_unit=\"soder\"} "
        + code + "\n");
  }

  @Test
  void aSeriesWithoutTargetHasNoTargetOrWarningSample() {
    SeriesReading noTarget = new SeriesReading("andel", "norr", "T", 71.5, Result.INGET_MAL,
        OptionalDouble.empty(), OptionalDouble.empty(), NOW);
    String page = page(new DomainExposition(snapshot(List.of(noTarget), Optional.empty(), 0)));
    assertThat(page).doesNotContain(DomainExposition.TARGET + "{").doesNotContain(DomainExposition.WARNING + "{")
        .contains(DomainExposition.VALUE + "{gender=\"T\",indicator=\"andel\",kommun=\"0880\",org_unit=\"norr\"} 71.5\n");
  }

  @Test
  void theOldestWaitingEmailAgesBetweenRefreshesWithoutAQuery() {
    MetricsEndpoint.Scope all = MetricsEndpoint.Scope.everything();
    String kalmar = DomainExposition.OUTBOX_AGE + "{kommun=\"0880\"}";
    DomainExposition exposition = new DomainExposition(snapshot(List.of(), Optional.of(NOW.minusSeconds(30)), 1_000));
    assertThat(exposition.moving(1_000, all)).contains(kalmar + " 30\n")
        .contains(DomainExposition.OUTBOX_AGE + "{kommun=\"1466\"} 0\n");
    assertThat(exposition.moving(1_000 + 15_000_000_000L, all)).contains(kalmar + " 45\n");
    assertThat(new DomainExposition(snapshot(List.of(), Optional.empty(), 0)).moving(5, all))
        .contains(kalmar + " 0\n");
  }

  @Test
  void catalogNamesAreJoinableInfoSeriesAndAlertsAndOutboxAreCounted() {
    Map<String, Double> samples = samples(page(new DomainExposition(snapshot(List.of(), Optional.empty(), 0))));
    assertThat(samples)
        .containsEntry(DomainExposition.KOMMUN_INFO + "{kommun=\"1466\",kommun_name=\"Herrljunga\"}", 1.0)
        .containsEntry(DomainExposition.INDICATOR_INFO + "{indicator=\"vantetid\",indicator_name=\"Väntetid till daglig "
            + "verksamhet\",kommun=\"0880\",period_type=\"tertial\",unit=\"dagar\"}", 1.0)
        .containsEntry(DomainExposition.INDICATOR_INFO + "{indicator=\"andel\",indicator_name=\"Andel nöjda\","
            + "kommun=\"1466\",period_type=\"year\",unit=\"procent\"}", 1.0)
        .doesNotContainKey(DomainExposition.INDICATOR_INFO + "{indicator=\"vantetid\",indicator_name=\"Väntetid till "
            + "daglig verksamhet\",kommun=\"1466\",period_type=\"tertial\",unit=\"dagar\"}")
        .containsEntry(DomainExposition.UNIT_INFO + "{kommun=\"0880\",level=\"forvaltning\",org_unit=\"soc\","
            + "org_unit_name=\"Socialförvaltningen\",parent=\"\"}", 1.0)
        .containsEntry(DomainExposition.ALERTS_OPEN + "{kommun=\"0880\",severity=\"critical\",state=\"firing\"}", 3.0)
        .containsEntry(DomainExposition.ALERTS_OPEN + "{kommun=\"1466\",severity=\"critical\",state=\"firing\"}", 0.0)
        .containsEntry(DomainExposition.ALERTS_ACKNOWLEDGED
            + "{kommun=\"0880\",severity=\"critical\",state=\"firing\"}", 1.0)
        .containsEntry(DomainExposition.OUTBOX + "{kommun=\"0880\",state=\"pending\"}", 2.0)
        .containsEntry(DomainExposition.OUTBOX + "{kommun=\"0880\",state=\"dead\"}", 0.0);
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
  void thePageIsWrittenOncePerChangeOfTheDataAndItsTextIsItsGzipUnpacked() throws IOException {
    SeriesReading red = DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT);
    DomainExposition exposition = new DomainExposition(snapshot(List.of(red), Optional.empty(), 0));
    DomainExposition.Written first = exposition.written(Optional.empty());
    exposition.publish(snapshot(List.of(red), Optional.empty(), 99));
    assertThat(exposition.written(Optional.empty())).as("same data, a later refresh: the same bytes").isSameAs(first);
    String text = text(first);
    try (InputStream unzipped = new GZIPInputStream(first.gzipStream())) {
      assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
    assertThat(first.plainLength()).as("the length a plain answer states").isEqualTo(
        text.getBytes(StandardCharsets.UTF_8).length);
    exposition.publish(snapshot(List.of(DomainSnapshotTest.reading("vantetid", "norr", "T", Result.UPPFYLLT)),
        Optional.empty(), 100));
    assertThat(text(exposition.written(Optional.empty()))).isNotEqualTo(text);
  }

  @Test
  void everyDomainSampleCarriesTheKommunOfItsUnitFromTheCatalog() {
    String page = page(new DomainExposition(snapshot(List.of(
        DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT),
        DomainSnapshotTest.reading("andel", "ljung", "T", Result.UPPFYLLT)), Optional.empty(), 0)));
    for (String line : page.split("\n")) {
      if (!line.startsWith("#") && !line.startsWith(DomainExposition.REFRESHED)) {
        assertThat(line).as("a domain sample").containsPattern("kommun=\"(0880|1466)\"");
      }
    }
    assertThat(samples(page)).containsEntry(DomainExposition.VALUE + NORR, 134.0)
        .containsEntry(DomainExposition.VALUE + LJUNG, 134.0);
  }

  @Test
  void aKommunsPageHasOnlyThatKommunsSeriesAndNothingThatBelongsToNoKommun() {
    DomainExposition exposition = new DomainExposition(snapshot(List.of(
        DomainSnapshotTest.reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT),
        DomainSnapshotTest.reading("andel", "ljung", "T", Result.UPPFYLLT)), Optional.of(NOW.minusSeconds(30)), 0));
    String herrljunga = kommunPage(exposition, "1466");
    assertThat(samples(herrljunga)).containsEntry(DomainExposition.VALUE + LJUNG, 134.0)
        .containsEntry(DomainExposition.OUTBOX_AGE + "{kommun=\"1466\"}", 0.0)
        .containsEntry(DomainExposition.GOAL_RESULT + "{goal=\"trygg\",kommun=\"1466\"}", 2.0);
    assertThat(herrljunga).doesNotContain("kommun=\"0880\"").doesNotContain(DomainExposition.REFRESHED);
    String kalmar = kommunPage(exposition, "0880");
    assertThat(samples(kalmar)).containsEntry(DomainExposition.VALUE + NORR, 134.0)
        .containsEntry(DomainExposition.OUTBOX_AGE + "{kommun=\"0880\"}", 30.0);
    assertThat(kalmar).doesNotContain("kommun=\"1466\"");
    assertThat(page(exposition).length()).as("the whole page holds both")
        .isGreaterThan(Math.max(kalmar.length(), herrljunga.length()));
    assertThat(exposition.written(Optional.of("1466"))).as("written once per change of the data")
        .isSameAs(exposition.written(Optional.of("1466")));
  }

  @Test
  void beforeTheFirstReadThePageHasTheKommunerButNoDomainSeriesRatherThanZeros() throws IOException {
    DomainExposition exposition = DomainExposition.beforeFirstRead(DomainSnapshot.empty(DomainSnapshotTest.CATALOG,
        NOW, 0));
    assertThat(exposition.knowsKommun("1466")).as("a scrape of one kommun is answered from the start").isTrue();
    assertThat(page(exposition)).as("nothing the database has not said yet, not even the time of a refresh").isEmpty();
    assertThat(kommunPage(exposition, "1466")).isEmpty();
    assertThat(exposition.written(Optional.empty()).gzipStream().readAllBytes()).isEmpty();

    exposition.publish(snapshot(List.of(DomainSnapshotTest.reading("andel", "ljung", "T", Result.UPPFYLLT)),
        Optional.empty(), 0));
    assertThat(samples(page(exposition))).containsEntry(DomainExposition.VALUE + LJUNG, 134.0)
        .containsEntry(DomainExposition.SERIES + "{gender=\"K\",kommun=\"0880\",result=\"met\"}", 0.0)
        .containsKey(DomainExposition.REFRESHED);
  }
}
