package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.evaluation.Result;

class DomainSnapshotTest {
  private static final Instant NOW = Instant.parse("2024-05-02T08:00:00Z");
  /** Two kommuner: 0880 follows both indicators, 1466 only "andel", for a goal of its own. */
  static final CatalogView CATALOG = new CatalogView(
      new LinkedHashMap<>(Map.of(
          "0880", new CatalogView.KommunInfo("0880", "Kalmar", Set.of("vantetid", "andel")),
          "1466", new CatalogView.KommunInfo("1466", "Herrljunga", Set.of("andel")))),
      Map.of("vantetid", new CatalogView.IndicatorInfo("vantetid", "Väntetid till daglig verksamhet", "dagar",
              "tertial", List.of("tillganglig")),
          "andel", new CatalogView.IndicatorInfo("andel", "Andel nöjda", "procent", "year",
              List.of("tillganglig", "trygg"))),
      Map.of("norr", new CatalogView.UnitInfo("norr", "Daglig verksamhet Norr", "enhet", "soc", "0880"),
          "soder", new CatalogView.UnitInfo("soder", "Daglig verksamhet Söder", "enhet", "soc", "0880"),
          "soc", new CatalogView.UnitInfo("soc", "Socialförvaltningen", "forvaltning", "", "0880"),
          "ljung", new CatalogView.UnitInfo("ljung", "Hemtjänst Ljung", "enhet", "", "1466")),
      Map.of("tillganglig", new CatalogView.GoalInfo("tillganglig", "Tillgänglig vård och omsorg", "0880"),
          "trygg", new CatalogView.GoalInfo("trygg", "Trygg omsorg", "1466")));

  static SeriesReading reading(String indicator, String unit, String gender, Result result) {
    return new SeriesReading(indicator, unit, gender, 134, result, OptionalDouble.of(90),
        OptionalDouble.of(120), NOW.minusSeconds(3600));
  }

  private static DomainSnapshot snapshot(List<SeriesReading> readings, int maxSeries) {
    return DomainSnapshot.of(readings, List.of(), Map.of(), Map.of(), CATALOG, maxSeries, NOW, 0);
  }

  @Test
  void whenTheLimitBitesTheSeriesLeadersMustSeeKeepTheirGauges() {
    List<SeriesReading> readings = List.of(
        reading("andel", "norr", "T", Result.UPPFYLLT),
        reading("vantetid", "soder", "T", Result.INGET_MAL),
        reading("vantetid", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "T", Result.DELVIS_UPPFYLLT));
    DomainSnapshot snapshot = snapshot(readings, 2);
    assertThat(snapshot.series()).extracting(SeriesReading::result)
        .containsExactly(Result.EJ_UPPFYLLT, Result.DELVIS_UPPFYLLT);
    assertThat(snapshot.dropped()).extracting(SeriesReading::result)
        .containsExactly(Result.UPPFYLLT, Result.INGET_MAL);
  }

  @Test
  void theChoiceUnderTheLimitIsTheSameWhateverOrderTheRowsCameIn() {
    List<SeriesReading> readings = List.of(
        reading("andel", "soder", "K", Result.EJ_UPPFYLLT),
        reading("andel", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "norr", "M", Result.EJ_UPPFYLLT));
    List<SeriesReading> reversed = List.of(readings.get(2), readings.get(1), readings.get(0));
    assertThat(snapshot(readings, 2).series()).isEqualTo(snapshot(reversed, 2).series());
  }

  @ParameterizedTest(name = "{0} / {1} / {2} gets no gauge")
  @CsvSource({"finns-inte, norr, T", "andel, nedlagd-enhet, T", "andel, norr, X", "vantetid, ljung, T"})
  void aSeriesOutsideTheCatalogInForceGetsNoGaugeAndIsNotCounted(String indicator, String unit, String gender) {
    DomainSnapshot snapshot = snapshot(List.of(reading(indicator, unit, gender, Result.EJ_UPPFYLLT)), 100);
    assertThat(snapshot.series()).isEmpty();
    assertThat(snapshot.dropped()).isEmpty();
    assertThat(snapshot.seriesByResult().get("0880").get(Result.EJ_UPPFYLLT)).containsEntry("T", 0);
    assertThat(snapshot.seriesByResult().get("1466").get(Result.EJ_UPPFYLLT)).containsEntry("T", 0);
  }

  @Test
  void seriesAreCountedPerKommunByResultAndGenderIncludingTheDroppedOnes() {
    DomainSnapshot snapshot = snapshot(List.of(
        reading("andel", "norr", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "T", Result.EJ_UPPFYLLT),
        reading("andel", "soder", "K", Result.UPPFYLLT),
        reading("andel", "ljung", "T", Result.EJ_UPPFYLLT)), 1);
    Map<Result, Map<String, Integer>> kalmar = snapshot.seriesByResult().get("0880");
    assertThat(kalmar.get(Result.EJ_UPPFYLLT)).containsEntry("T", 2).containsEntry("K", 0);
    assertThat(kalmar.get(Result.UPPFYLLT)).containsEntry("K", 1);
    assertThat(kalmar.get(Result.INGET_MAL)).containsOnlyKeys("T", "K", "M");
    assertThat(snapshot.seriesByResult().get("1466").get(Result.EJ_UPPFYLLT)).containsEntry("T", 1);
  }

  @Test
  void aGoalRollsUpTheTotalSeriesOfItsIndicatorsOnly() {
    DomainSnapshot snapshot = snapshot(List.of(
        reading("andel", "norr", "T", Result.UPPFYLLT),
        reading("vantetid", "norr", "T", Result.INGET_MAL),
        reading("vantetid", "soder", "K", Result.EJ_UPPFYLLT)), 100);
    assertThat(snapshot.goals()).containsEntry("tillganglig", Result.UPPFYLLT);
  }

  @Test
  void aGoalOfOneKommunIsNotJudgedByAnotherKommunsSeriesOfTheSameNationalIndicator() {
    DomainSnapshot snapshot = snapshot(List.of(
        reading("andel", "norr", "T", Result.UPPFYLLT),
        reading("andel", "ljung", "T", Result.EJ_UPPFYLLT)), 100);
    assertThat(snapshot.goals()).containsEntry("tillganglig", Result.UPPFYLLT)
        .containsEntry("trygg", Result.EJ_UPPFYLLT);
  }

  @Test
  void everyOutboxStateOfEveryKommunIsShownAlsoWhenEmpty() {
    DomainSnapshot snapshot = DomainSnapshot.of(List.of(), List.of(), Map.of("1466", Map.of("dead", 3L)), Map.of(),
        CATALOG, 10, NOW, 0);
    assertThat(snapshot.outbox().get("1466")).containsEntry("dead", 3L).containsEntry("pending", 0L)
        .containsEntry("sending", 0L).containsEntry("folded", 0L);
    assertThat(snapshot.outbox().get("0880")).containsEntry("dead", 0L);
  }

  @Test
  void openAlertsAreCountedPerKommunAndEveryKommunHasEveryPair() {
    DomainSnapshot snapshot = DomainSnapshot.of(List.of(), List.of(
            new DomainSnapshot.AlertCount("0880", "critical", "firing", 2, 1, 0, 0),
            new DomainSnapshot.AlertCount("0880", "critical", "firing", 1, 0, 1, 0),
            new DomainSnapshot.AlertCount("1466", "warning", "pending", 4, 0, 0, 0)),
        Map.of(), Map.of(), CATALOG, 10, NOW, 0);
    assertThat(snapshot.alerts()).hasSize(2 * 3 * 2)
        .contains(new DomainSnapshot.AlertCount("0880", "critical", "firing", 3, 1, 1, 0),
            new DomainSnapshot.AlertCount("1466", "warning", "pending", 4, 0, 0, 0),
            new DomainSnapshot.AlertCount("1466", "critical", "firing", 0, 0, 0, 0));
  }
}
