package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** The whole way: a source system posts a breaching value, and the unit's manager gets the email. */
class BreachToEmailTest {
  private static final String MANAGER = "enhetschef.daglig-verksamhet@kalmar.example";
  private static final Pattern ACK_LINK = Pattern.compile("https?://[^/]+(/api/v1/alerts/[0-9]+/acknowledge\\?token=[A-Za-z0-9._-]+)");

  @Test
  void aBreachingValueReachesTheUnitsManagerWithItsTrendAndAWorkingAcknowledgementLink() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    try (Mailbox mailbox = Mailbox.start()) {
      Map<String, String> env = NotificationEnv.withSmtp(database, mailbox.port());
      try (TestService service = TestService.start(env)) {
        Http api = new Http(service.apiPort());

        Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
            .put("indicator", Requests.INDICATOR).put("orgUnit", Requests.UNIT).put("period", "2022-T1").put("value", 134),
            "Authorization", NotificationEnv.SOURCE);

        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        Http.await("the email to the manager", Duration.ofSeconds(10), () -> mailbox.to(MANAGER).size() == 1);
        MimeMessage mail = mailbox.to(MANAGER).get(0);
        assertThat(mail.getSubject())
            .isEqualTo("Ej uppfyllt: Väntetid daglig verksamhet 134 d (mål högst 90) – DV LSS och SoL");
        String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("tertial 1 2022: 134 dagar (ej uppfyllt)  <- denna period");
        Matcher link = ACK_LINK.matcher(text);
        assertThat(link.find()).as("an acknowledgement link in:\n" + text).isTrue();
        Http.Response page = api.get(link.group(1));
        assertThat(page.status()).isEqualTo(200);
        assertThat(List.of(page.header("Content-Type"))).allMatch(type -> type.startsWith("text/html"));
      }
    } finally {
      TestDatabases.drop(database);
    }
  }
}
