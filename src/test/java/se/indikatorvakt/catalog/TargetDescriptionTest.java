package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.DirectionTarget.Direction;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

class TargetDescriptionTest {
  private static final OptionalDouble NONE = OptionalDouble.empty();

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of(new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, 90, OptionalDouble.of(120)),
            "≤ 90 dagar", OptionalDouble.of(90), OptionalDouble.of(120)),
        Arguments.of(new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.BELOW, 35, NONE),
            "< 35 dagar", OptionalDouble.of(35), NONE),
        Arguments.of(new ThresholdTarget(MeasurementUnit.PROCENT, Comparison.AT_LEAST, 75, OptionalDouble.of(60)),
            "≥ 75 %", OptionalDouble.of(75), OptionalDouble.of(60)),
        Arguments.of(new ThresholdTarget(MeasurementUnit.PROCENT, Comparison.ABOVE, 8.5, NONE),
            "> 8,5 %", OptionalDouble.of(8.5), NONE),
        Arguments.of(new ThresholdTarget(MeasurementUnit.TKR, Comparison.AT_LEAST, -10000, NONE),
            "≥ -10\u00a0000 tkr", OptionalDouble.of(-10000), NONE),
        Arguments.of(new ThresholdTarget(MeasurementUnit.KR, Comparison.AT_MOST, 13500, NONE),
            "≤ 13\u00a0500 kr", OptionalDouble.of(13500), NONE),
        Arguments.of(new ThresholdTarget(MeasurementUnit.INDEX, Comparison.AT_LEAST, 1234, NONE),
            "≥ 1\u00a0234", OptionalDouble.of(1234), NONE),
        Arguments.of(new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, OptionalDouble.of(0.7), OptionalDouble.of(1.1)),
            "0,8–1,0", NONE, NONE),
        Arguments.of(new BandTarget(MeasurementUnit.ANTAL, 350, 400, NONE, NONE), "350–400 st", NONE, NONE),
        Arguments.of(new DirectionTarget(MeasurementUnit.ANTAL, Direction.DECREASE, NONE, NONE), "minska", NONE,
            NONE),
        Arguments.of(new DirectionTarget(MeasurementUnit.ANTAL, Direction.INCREASE, OptionalDouble.of(19),
            OptionalDouble.of(2)), "öka från 19 st", OptionalDouble.of(19), OptionalDouble.of(17)),
        Arguments.of(new DirectionTarget(MeasurementUnit.DAGAR, Direction.DECREASE, OptionalDouble.of(42),
            OptionalDouble.of(2)), "minska från 42 dagar", OptionalDouble.of(42), OptionalDouble.of(44)),
        Arguments.of(new RankTarget(30, OptionalInt.of(100)), "topp 30", OptionalDouble.of(30),
            OptionalDouble.of(100)),
        Arguments.of(new RankTarget(3, OptionalInt.empty()), "topp 3", OptionalDouble.of(3), NONE));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("targets")
  void targetReadsInSwedishWithItsChartLines(Target target, String swedish, OptionalDouble reference,
      OptionalDouble warning) {
    assertThat(target.describeSwedish()).isEqualTo(swedish);
    assertThat(target.referenceValue()).isEqualTo(reference);
    assertThat(target.warningLine()).isEqualTo(warning);
  }
}
