package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MeasurementUnitTest {

  @ParameterizedTest(name = "{1} {0}: \"{2}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "PROCENT | -0.1     | procent must be between 0 and 100",
      "PROCENT | 100.01   | procent must be between 0 and 100",
      "DAGAR   | -1       | dagar must not be negative",
      "ANTAL   | -1       | antal must be a whole number of at least 0",
      "ANTAL   | 2.5      | antal must be a whole number of at least 0",
      "RANG    | 0        | rang must be a whole number of at least 1",
      "RANG    | 30.5     | rang must be a whole number of at least 1",
      "INDEX   | NaN      | index must be a finite number",
      "KR      | Infinity | kr must be a finite number",
  })
  void valueOutsideTheUnitsRangeIsExplained(MeasurementUnit unit, double value, String problem) {
    assertThat(unit.rangeProblem(value)).contains(problem);
  }

  @ParameterizedTest(name = "{1} {0}")
  @CsvSource({
      "PROCENT, 0", "PROCENT, 100", "PROCENT, 8.5", "DAGAR, 0", "DAGAR, 134", "DAGAR, 12.5", "ANTAL, 0",
      "ANTAL, 161", "KR, -2500000", "TKR, -10000", "INDEX, -3.2", "INDEX, 0.85", "RANG, 1", "RANG, 290",
  })
  void valueInsideTheUnitsRangeHasNoProblem(MeasurementUnit unit, double value) {
    assertThat(unit.rangeProblem(value)).isEmpty();
  }

  @ParameterizedTest(name = "{0} = {1} shown with \"{2}\"")
  @CsvSource({
      "PROCENT, procent, %", "DAGAR, dagar, dagar", "ANTAL, antal, st", "KR, kr, kr", "TKR, tkr, tkr",
      "INDEX, index, ''", "RANG, rang, plats",
  })
  void codeAndSymbolAreTheCatalogsSpelling(MeasurementUnit unit, String code, String symbol) {
    assertThat(unit.code()).isEqualTo(code);
    assertThat(unit.symbol()).isEqualTo(symbol);
    assertThat(MeasurementUnit.fromCode(code)).contains(unit);
  }

  @ParameterizedTest
  @EnumSource(Polarity.class)
  void polarityReadsBackFromItsCode(Polarity polarity) {
    assertThat(Polarity.fromCode(polarity.code())).contains(polarity);
  }

  @ParameterizedTest
  @EnumSource(PeriodType.class)
  void periodTypeReadsBackFromItsCode(PeriodType type) {
    assertThat(PeriodType.fromCode(type.code())).contains(type);
  }

  @ParameterizedTest
  @CsvSource({"Procent", "percent", "''", "dag"})
  void unknownCodeIsNoUnit(String code) {
    assertThat(MeasurementUnit.fromCode(code)).isEmpty();
  }
}
