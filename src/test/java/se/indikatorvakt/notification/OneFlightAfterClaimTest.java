package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad;
import se.indikatorvakt.proof.ProofCatalog;
import se.indikatorvakt.proof.ProofEnv;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.LatencyRelay;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Once a breach's email is claimed, what it needs before it can go out (how its alert stands now, a daily-cap slot,
 * the series' trend table) is asked in one flight, so the email waits for one more round trip to PostgreSQL, not
 * for three one after another. Every reply of the real PostgreSQL reaches the service {@link #LATENCY} late (a
 * relay in between); the claim's commit is seen by a listener of its own, and the email's first SMTP command at a
 * relay in front of GreenMail. The claim's own reply and the one flight make two latencies; three questions one
 * after another would make four. The flight leaves on the claim statement's answer, which comes just before its
 * commit's (seen by the listener), so the two latencies are counted from a moment a little after they began.
 */
class OneFlightAfterClaimTest {
  private static final Duration LATENCY = Duration.ofMillis(400);

  @Test
  void aClaimedEmailGoesOutOneRoundTripAfterItsClaimsReply() throws Exception {
    DatabaseUrl direct = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(2);
    try (LatencyRelay slowDatabase = new LatencyRelay(direct.port());
        Mailbox mailbox = Mailbox.start();
        SmtpRelay smtp = new SmtpRelay(mailbox.port());
        OutboxNotices notices = new OutboxNotices(direct)) {
      DatabaseUrl slow = new DatabaseUrl(direct.host(), slowDatabase.port(), direct.database(), direct.user(),
          direct.password());
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(slow, catalog), smtp.port());
      env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT30S");
      env.put("INDIKATORVAKT_NOTIFICATION_SAFETY_NET_INTERVAL", "PT60S");
      try (TestService service = TestService.start(env)) {
        Http api = new Http(service.apiPort());
        MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), 2);
        // the first email opens the sender's connections to PostgreSQL and to the mail server at full speed
        post(api, load.breaching(0));
        assertThat(smtp.next(10, TimeUnit.SECONDS)).as("the first email").isNotNull();
        notices.next(notices.state, "first claim");
        notices.next(notices.state, "first marking");

        slowDatabase.replyLatency(LATENCY);
        post(api, load.breaching(1));
        long claimed = notices.next(notices.state, "second claim");
        SmtpRelay.Transaction mail = smtp.next(30, TimeUnit.SECONDS);

        assertThat(mail).as("the second email").isNotNull();
        assertThat(mail.accepted()).isTrue();
        assertThat(mailbox.received()).hasSize(2);
        Duration claimToSmtp = Duration.ofNanos(mail.startNanos() - claimed);
        assertThat(claimToSmtp).as("from the claim's commit to the email's first SMTP command, with every reply of"
            + " PostgreSQL %s late", LATENCY).isGreaterThanOrEqualTo(LATENCY.multipliedBy(7).dividedBy(4))
            .isLessThan(LATENCY.multipliedBy(3));
      }
    } finally {
      TestDatabases.drop(direct);
    }
  }

  private static void post(Http api, MeasurementLoad.Item breach) {
    Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", breach.indicator()).put("orgUnit", breach.orgUnit()).put("gender", breach.gender())
        .put("period", breach.period()).put("value", breach.value()), "Authorization", ProofEnv.BEARER);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 299);
  }
}
