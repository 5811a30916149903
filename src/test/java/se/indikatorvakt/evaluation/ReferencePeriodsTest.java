package se.indikatorvakt.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.DirectionTarget;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;

/**
 * Which stored periods of a value's own series the pipeline reads for its målvärden: always the previous period (the
 * trend), the same period a year earlier only where a target compares with it, and never a stated baseline (it is
 * part of its target). One read per period, even when two targets need the same one. Cases from the seed documents'
 * målvärden (file and line), on periods of their indicators' own types.
 */
class ReferencePeriodsTest {
  private static final Map<String, Target> TARGETS = Map.of(
      "högst-90", new ThresholdTarget(MeasurementUnit.DAGAR, ThresholdTarget.Comparison.AT_MOST, 90,
          OptionalDouble.of(120)),
      "band-350-400", new BandTarget(MeasurementUnit.ANTAL, 350, 400, OptionalDouble.empty(), OptionalDouble.empty()),
      "öka-mot-föregående", new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.INCREASE,
          OptionalDouble.empty(), OptionalDouble.empty()),
      "öka-mot-fjolåret", direction(DirectionTarget.Direction.INCREASE, DirectionTarget.Reference.SAME_PERIOD_LAST_YEAR,
          OptionalDouble.empty()),
      "minska-mot-fjolåret", direction(DirectionTarget.Direction.DECREASE,
          DirectionTarget.Reference.SAME_PERIOD_LAST_YEAR, OptionalDouble.empty()),
      "minska-10-%-mot-baslinje", new DirectionTarget(MeasurementUnit.ANTAL, DirectionTarget.Direction.DECREASE,
          DirectionTarget.Reference.BASELINE, OptionalDouble.of(300), Optional.of("2022-08"),
          Optional.of(new DirectionTarget.Change(10, DirectionTarget.ChangeUnit.PERCENT)), OptionalDouble.empty()));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "000_63e6c9868031b1b7.txt:1322 väntetid ≤ 90, tertial          | högst-90                     | tertial  | 2022-T2    | 2022-T1",
      "000_63e6c9868031b1b7.txt:1112 öka, mot föregående år          | öka-mot-föregående           | year     | 2022       | 2021",
      "000_63e6c9868031b1b7.txt:1188 fler våldsutsatta, delår        | öka-mot-fjolåret             | interim  | 2022-D8    | 2022-D7 2021-D8",
      "001_f694a8ad6a7b67a2.txt:191 färre omplaceringar, delår       | minska-mot-fjolåret          | interim  | 2023-D8    | 2023-D7 2022-D8",
      "001_f694a8ad6a7b67a2.txt:192 minska 10 % från augusti 2022    | minska-10-%-mot-baslinje     | month    | 2023-08    | 2023-07",
      "003_71a42323f05a3944.txt:1407 band 350–400, år                | band-350-400                 | year     | 2021       | 2020",
      "(rule) a year: last year is the previous period, read once   | band-350-400 öka-mot-fjolåret | year    | 2021       | 2020",
      "(rule) two targets on the same year-earlier period, once      | öka-mot-fjolåret minska-mot-fjolåret | quarter | 2022-Q1 | 2021-Q4 2021-Q1",
      "(rule) no målvärde still reads the trend's previous period    | -                            | month    | 2022-01    | 2021-12"})
  void readsThePeriodsTheTargetsCompareWith(String source, String targets, String type, String period,
      String expected) {
    List<Target> judging = new ArrayList<>();
    if (!targets.equals("-")) {
      for (String name : targets.split(" ")) {
        judging.add(TARGETS.get(name));
      }
    }
    Period at = Period.parse(PeriodType.fromCode(type).orElseThrow(), period);

    assertThat(EvaluationInput.referencePeriods(judging, at)).extracting(Period::notation).as(source)
        .containsExactly(expected.split(" "));
  }

  private static DirectionTarget direction(DirectionTarget.Direction direction, DirectionTarget.Reference reference,
      OptionalDouble baseline) {
    return new DirectionTarget(MeasurementUnit.ANTAL, direction, reference, baseline, Optional.empty(),
        Optional.empty(), OptionalDouble.empty());
  }
}
