package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** A message the server keeps refusing stops being retried and shows up for the administrator and in metrics. */
class EmailDeadLetterTest {

  @Test
  void aMessageRefusedMaxAttemptsTimesIsADeadLetterInTheApiAndTheMetrics() {
    String manager = "enhetschef.refused@kalmar.example";
    DatabaseUrl database = TestDatabases.create();
    try (Mailbox mailbox = Mailbox.start(GreenMailConfiguration.aConfig().withUser("indikatorvakt", "right"))) {
      Map<String, String> env = NotificationEnv.withSmtp(database, mailbox.port());
      env.put("INDIKATORVAKT_SMTP_USERNAME", "indikatorvakt");
      env.put("INDIKATORVAKT_SMTP_PASSWORD", "wrong");
      try (TestService service = TestService.start(env); OutboxFixture outbox = new OutboxFixture(env)) {
        outbox.enqueue(Requests.firing(manager, 134));

        Http.await("the message dead", Duration.ofSeconds(15), () -> outbox.count("dead") == 1);
        assertThat(outbox.attempts(manager)).hasSize(NotificationEnv.MAX_ATTEMPTS)
            .allMatch("permanent-failure"::equals);
        Http.Response dead = new Http(service.apiPort())
            .get("/api/v1/notifications?state=dead", "Authorization", NotificationEnv.ADMIN);
        JsonArray items = dead.json().getJsonArray("items");
        assertThat(items).hasSize(1);
        assertThat(items.getJsonObject(0).getString("recipient")).isEqualTo(manager);
        assertThat(items.getJsonObject(0).getInteger("rejections")).isEqualTo(NotificationEnv.MAX_ATTEMPTS);
        assertThat(items.getJsonObject(0).getString("lastError")).contains("535");
        assertThat(new Http(service.managementPort()).get("/metrics").body())
            .containsPattern("indikatorvakt_emails_total\\{[^}]*outcome=\"dead\"[^}]*\\} 1");
        assertThat(mailbox.received()).isEmpty();
      }
    } finally {
      TestDatabases.drop(database);
    }
  }
}
