package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.indikatorvakt.catalog.BandTarget;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.RankTarget;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.ThresholdTarget;
import se.indikatorvakt.catalog.ThresholdTarget.Comparison;

/** The default hysteresis, for indicators that set no recoveryMargin of their own: targets from the seed documents. */
class RecoveryMarginTest {
  private static final OptionalDouble NONE = OptionalDouble.empty();

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of("Kalmar väntetid ≤ 90 dagar, delvis to 120", MeasurementUnit.DAGAR,
            new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.AT_MOST, 90, OptionalDouble.of(120)), 7.5),
        Arguments.of("förhandsbedömningar ≥ 75 %, delvis to 60", MeasurementUnit.PROCENT,
            new ThresholdTarget(MeasurementUnit.PROCENT, Comparison.AT_LEAST, 75, OptionalDouble.of(60)), 3.75),
        Arguments.of("sjukfrånvaro < 9 % without a warning line: 1 procentenhet", MeasurementUnit.PROCENT,
            new ThresholdTarget(MeasurementUnit.PROCENT, Comparison.BELOW, 9, NONE), 1.0),
        Arguments.of("öppenvård < 35 dagar without a warning line: at least a day", MeasurementUnit.DAGAR,
            new ThresholdTarget(MeasurementUnit.DAGAR, Comparison.BELOW, 35, NONE), 1.75),
        Arguments.of("ej verkställda ≤ 10 st: at least one", MeasurementUnit.ANTAL,
            new ThresholdTarget(MeasurementUnit.ANTAL, Comparison.AT_MOST, 10, NONE), 1.0),
        Arguments.of("dygnskostnad ≤ 2 500 kr: 2 %", MeasurementUnit.KR,
            new ThresholdTarget(MeasurementUnit.KR, Comparison.AT_MOST, 2500, NONE), 50.0),
        Arguments.of("balanstal 0,8–1,0 without warning: a tenth of the band", MeasurementUnit.INDEX,
            new BandTarget(MeasurementUnit.INDEX, 0.8, 1.0, NONE, NONE), 0.02),
        Arguments.of("topp 30, delvis to 100", MeasurementUnit.RANG, new RankTarget(30, OptionalInt.of(100)), 17.0),
        Arguments.of("topp 3 without warning: one place", MeasurementUnit.RANG, new RankTarget(3, OptionalInt.empty()),
            1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void aValueMustBeThisFarOnTheGoodSideToResolve(String target, MeasurementUnit unit, Target line, double margin) {
    assertThat(RecoveryMargin.byDefault(unit, line)).isCloseTo(margin, org.assertj.core.data.Offset.offset(1e-9));
  }
}
