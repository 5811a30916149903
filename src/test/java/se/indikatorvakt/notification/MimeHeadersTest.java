package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MimeHeadersTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "[Ej uppfyllt] Väntetid till daglig verksamhet – Daglig verksamhet Norr: 134 dagar (mål ≤ 90)",
      "åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ",
      "Andel brukare 😀 med genomförandeplan – ↗ bättre",
      "Plain ASCII subject that is long enough to be folded over more than one line of a header, surely",
      "=?UTF-8?Q?looks_encoded?= but is text"})
  void aSubjectDecodesToExactlyTheTextThatWasEncoded(String subject) throws Exception {
    String encoded = MimeHeaders.unstructured("Subject", subject);

    assertThat(MimeUtility.decodeText(encoded)).isEqualTo(subject);
    assertThat(encoded).doesNotContain("\r", "\n").hasSizeLessThan(998 - "Subject: ".length());
    assertThat(encoded.chars()).allMatch(c -> c < 0x80);
  }

  @Test
  void aSubjectTooLongForOneHeaderLineIsShortenedWithAnEllipsis() throws Exception {
    String subject = "Väntetid ".repeat(200);

    String decoded = MimeUtility.decodeText(MimeHeaders.unstructured("Subject", subject));

    assertThat(decoded).endsWith("…").startsWith("Väntetid Väntetid");
    assertThat(MimeHeaders.unstructured("Subject", subject)).hasSizeLessThanOrEqualTo(998 - "Subject: ".length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Larm\r\nBcc: everyone@kommun.example", "Larm\nX-Injected: yes", "Larm\u2028Bcc: x"})
  void aLineBreakInAValueCannotStartANewHeader(String subject) throws Exception {
    String encoded = MimeHeaders.unstructured("Subject", subject);

    assertThat(encoded).doesNotContain("\n", "\r");
    assertThat(MimeUtility.decodeText(encoded)).doesNotContain("\n", "\r");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Indikatorvakt Socialförvaltningen <indikatorvakt@kalmar.example>|Indikatorvakt Socialförvaltningen|indikatorvakt@kalmar.example",
      "\"Indikatorvakt, Kalmar\" <indikatorvakt@kalmar.example>|Indikatorvakt, Kalmar|indikatorvakt@kalmar.example",
      "Indikatorvakt <indikatorvakt@kommun.example>|Indikatorvakt|indikatorvakt@kommun.example",
      "indikatorvakt@kommun.example||indikatorvakt@kommun.example"})
  void aMailboxKeepsItsSwedishDisplayNameAndAddress(String configured, String name, String address)
      throws Exception {
    String header = MimeHeaders.mailbox(configured);
    InternetAddress[] parsed = InternetAddress.parseHeader(header, true);

    assertThat(header).doesNotContain("\n", "\r");

    assertThat(Arrays.asList(parsed)).hasSize(1);
    assertThat(parsed[0].getAddress()).isEqualTo(address);
    assertThat(parsed[0].getPersonal()).isEqualTo(name);
  }
}
