package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The outbox gauges follow a delivery (and a message given up) at once, not at the next periodic refresh, which
 * these services do not reach: an operator who watches the queue drain sees it drain.
 */
class OutboxGaugesTest {

  private static Map<String, String> env(DatabaseUrl database, int smtpPort) {
    Map<String, String> env = NotificationEnv.withSmtp(database, smtpPort);
    env.put("INDIKATORVAKT_METRICS_REFRESH_INTERVAL", "PT1H");
    // the email waits a moment in the outbox, so that the refresh after its insert shows it pending
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT1S");
    return env;
  }

  private static long gauge(Http management, String state) {
    Matcher sample = Pattern.compile("(?m)^indikatorvakt_outbox_messages\\{kommun=\"0880\",state=\"" + state + "\"\\} ([0-9.]+)$")
        .matcher(management.get("/metrics").body());
    return sample.find() ? Math.round(Double.parseDouble(sample.group(1))) : 0;
  }

  @Test
  void aSentEmailLeavesThePendingGaugeWithinASecond() {
    DatabaseUrl database = TestDatabases.create();
    try (Mailbox mailbox = Mailbox.start()) {
      Map<String, String> env = env(database, mailbox.port());
      try (TestService service = TestService.start(env); OutboxFixture outbox = new OutboxFixture(env)) {
        Http management = new Http(service.managementPort());
        outbox.enqueue(Requests.firing("enhetschef.gauges@kalmar.example", 134));
        Http.await("the email pending on /metrics", Duration.ofSeconds(5), () -> gauge(management, "pending") == 1);
        Http.await("the email delivered", Duration.ofSeconds(10), () -> mailbox.received().length == 1);
        long delivered = System.nanoTime();
        Http.await("the pending gauge back at 0", Duration.ofSeconds(3),
            () -> gauge(management, "pending") == 0 && gauge(management, "sending") == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isLessThan(Duration.ofSeconds(1));
      }
    } finally {
      TestDatabases.drop(database);
    }
  }

  @Test
  void aMessageGivenUpShowsOnTheDeadLetterGaugeAtOnce() {
    DatabaseUrl database = TestDatabases.create();
    try (Mailbox mailbox = Mailbox.start(GreenMailConfiguration.aConfig().withUser("indikatorvakt", "right"))) {
      Map<String, String> env = env(database, mailbox.port());
      env.put("INDIKATORVAKT_SMTP_USERNAME", "indikatorvakt");
      env.put("INDIKATORVAKT_SMTP_PASSWORD", "wrong");
      try (TestService service = TestService.start(env); OutboxFixture outbox = new OutboxFixture(env)) {
        Http management = new Http(service.managementPort());
        outbox.enqueue(Requests.firing("enhetschef.refused.gauges@kalmar.example", 134));
        Http.await("the message dead in the outbox", Duration.ofSeconds(15), () -> outbox.count("dead") == 1);
        Http.await("the dead-letter gauge at 1", Duration.ofSeconds(2), () -> gauge(management, "dead") == 1);
        assertThat(gauge(management, "pending")).isZero();
      }
    } finally {
      TestDatabases.drop(database);
    }
  }
}
