package se.indikatorvakt.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An indicator's own range of values: a dygnskostnad is never negative, a budget deviation may be. */
class ValidRangeTest {

  @ParameterizedTest(name = "[{0}, {1}] {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "0 |     | 587              |",
      "0 |     | 0                |",
      "0 |     | -1000000000000   | must be at least 0 for this indicator",
      "  |     | -4875            |",
      "1 | 5   | 4.2              |",
      "1 | 5   | 5.5              | must be at most 5 for this indicator",
      "1 | 5   | 0.5              | must be at least 1 for this indicator",
      "  | 100 | 100.5            | must be at most 100 for this indicator",
  })
  void aValueOutsideTheRangeIsRefusedWithTheRangeInTheMessage(Double min, Double max, double value,
      String problem) {
    ValidRange range = new ValidRange(optional(min), optional(max));

    assertThat(range.problem(value).orElse(null)).isEqualTo(problem);
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
