package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.SwedishNumbers;

class SwedishTextTest {

  /** One formatter for målvärden, values and distances alike, so that 2 494 kr never stands beside 2 619 kr. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "134|134",
      "12.5|12,5",
      "0.333333|0,33",
      "-4.25|-4,25",
      "2494|2\u00a0494",
      "12500|12\u00a0500",
      "-10000|-10\u00a0000",
      "0|0"})
  void numbersAreWrittenWithDecimalCommaAndSpacedThousands(double value, String text) {
    assertThat(SwedishNumbers.format(value)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "P7D|7 dagar",
      "P1D|1 dag",
      "PT36H|1 dag och 12 timmar",
      "PT1H|1 timme",
      "PT45M|45 minuter",
      "PT2H30M|2 timmar och 30 minuter",
      "PT10S|mindre än en minut"})
  void durationsAreWrittenInWords(Duration duration, String text) {
    assertThat(SwedishText.duration(duration)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Enhetschef daglig verksamhet|enhetschef daglig verksamhet",
      "T f socialchef|t f socialchef",
      "HSL-chef|HSL-chef",
      "Socialchef|socialchef"})
  void roleTitlesAreLowerCaseInsideASentence(String role, String inSentence) {
    assertThat(MailModel.lowerCaseTitle(role)).isEqualTo(inSentence);
  }
}
