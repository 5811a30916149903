package se.indikatorvakt.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every number here is a test number computed for this table (check digit by Luhn), in the style of Skatteverket's
 * test numbers such as 19121212-1212; none belongs to a known person.
 */
class PersonalIdentityNumbersTest {

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "19121212-1212",
      "121212-1212",
      "1212121212",
      "121212+1212",
      "\"121212 1212\"",
      "\"19121212 1212\"",
      "191212121212",
      "198507154568",
      "19850715-4568",
      "20000229-1235",
      "000229-1235",
      "\"Brukaren 460101-3214 har fått beslut.\"",
      "pnr:8112289874.",
      "\"Samordningsnummer 701063-2391 saknar adress\"",
      "19701063-2391",
      "121261-1212",
      "121291-1216",
      "\"Beslut 107 dagar, se 19121212-1212\"",
      "\"ärende (991231-9994)\"",
  })
  void personnummerAndSamordningsnummerAreFound(String text) {
    assertThat(PersonalIdentityNumbers.containsAny(text)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"Beslut inom skälig tid: 107 dagar mot mål 79\"",
      "\"Väntetiden minskade från 175 till 134 dagar\"",
      "\"134 dagar\"",
      "\"Mötet 2022-05-12 kl 13\"",
      "\"Period 2022-05-R12, delår 2022-D8\"",
      "\"Ring 070-123 45 67\"",
      "0701234567",
      "\"Budget 1 234 567 kr\"",
      "\"Kostnad 12345678 kr\"",
      "\"20220512 1234\"",
      "19121212-1213",
      "1212121213",
      "121232-1218",
      "121292-1215",
      "120012-1216",
      "121312-1211",
      "990431-1231",
      "190229-1234",
      "19000229-1235",
      "17121212-1212",
      "5191212121212",
      "191212121212345",
      "\"Faktura 4711-0815\"",
      "\"\"",
  })
  void ordinaryNumbersAndNearMissesAreNotFlagged(String text) {
    assertThat(PersonalIdentityNumbers.containsAny(text)).isFalse();
  }

  @Test
  void nothingIsNoPersonalIdentityNumber() {
    assertThat(PersonalIdentityNumbers.containsAny(null)).isFalse();
  }
}
