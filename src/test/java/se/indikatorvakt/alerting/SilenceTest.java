package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.Gender;

class SilenceTest {
  private static final Instant START = Instant.parse("2022-09-01T00:00:00Z");
  private static final Instant END = Instant.parse("2022-10-01T00:00:00Z");
  private static final List<String> CHAIN = List.of("daglig-verksamhet", "vo-funktionsstod-vuxen",
      "socialforvaltningen");

  @ParameterizedTest(name = "silence {0}/{1}/{2} on {3}/{4} at {5}: {6}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "vantetid | -                      | - | vantetid | T | 2022-09-15T00:00:00Z | true",
      "vantetid | -                      | - | annan    | T | 2022-09-15T00:00:00Z | false",
      "-        | vo-funktionsstod-vuxen | - | vantetid | K | 2022-09-15T00:00:00Z | true",
      "-        | vo-vuxen               | - | vantetid | K | 2022-09-15T00:00:00Z | false",
      "-        | daglig-verksamhet      | K | vantetid | K | 2022-09-15T00:00:00Z | true",
      "-        | daglig-verksamhet      | K | vantetid | M | 2022-09-15T00:00:00Z | false",
      "-        | -                      | K | vantetid | - | 2022-09-15T00:00:00Z | false",
      "vantetid | -                      | - | vantetid | - | 2022-09-15T00:00:00Z | true",
      "vantetid | -                      | - | vantetid | T | 2022-08-31T23:59:59Z | false",
      "vantetid | -                      | - | vantetid | T | 2022-09-30T23:59:59Z | true",
      "vantetid | -                      | - | vantetid | T | 2022-10-01T00:00:00Z | false"})
  void silencesMatchTheirIndicatorTheirUnitAndBelowAndTheirKonWhileActive(String indicator, String unit,
      String gender, String alertIndicator, String alertGender, String now, boolean silenced) {
    Silence silence = new Silence(1, Optional.ofNullable(indicator), Optional.ofNullable(unit),
        Optional.ofNullable(gender).map(Gender::valueOf), START, END);
    assertThat(Silence.matching(List.of(silence), alertIndicator, CHAIN,
        Optional.ofNullable(alertGender).map(Gender::valueOf), Instant.parse(now)).isPresent()).isEqualTo(silenced);
  }
}
