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
 * The claim's commit is durable and can take longer than its statement (the disk, other commits before it in the
 * log). What the email needs next (how its alert stands now, a daily-cap slot, the trend table) is asked as soon as
 * the claim's statement has answered, while its commit is still on its way, and the email still goes out only after
 * that commit. Every answer to COMMIT of the real PostgreSQL reaches the service {@link #LATENCY} late (a relay in
 * between); the claim's commit is seen by a listener of its own, and the email's first SMTP command at a relay in
 * front of GreenMail.
 */
class ClaimCommitOverlapTest {
  private static final Duration LATENCY = Duration.ofMillis(400);

  @Test
  void whatAClaimedEmailNeedsIsReadWhileTheClaimCommitsAndTheEmailWaitsForThatCommit() throws Exception {
    DatabaseUrl direct = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(3);
    try (LatencyRelay slowCommits = new LatencyRelay(direct.port());
        Mailbox mailbox = Mailbox.start();
        SmtpRelay smtp = new SmtpRelay(mailbox.port());
        OutboxNotices notices = new OutboxNotices(direct)) {
      DatabaseUrl slow = new DatabaseUrl(direct.host(), slowCommits.port(), direct.database(), direct.user(),
          direct.password());
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(slow, catalog), smtp.port());
      env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT30S");
      env.put("INDIKATORVAKT_NOTIFICATION_SAFETY_NET_INTERVAL", "PT60S");
      try (TestService service = TestService.start(env)) {
        Http api = new Http(service.apiPort());
        MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), 3);
        // the first email opens the sender's connections to PostgreSQL and to the mail server at full speed
        post(api, load.breaching(0));
        assertThat(smtp.next(10, TimeUnit.SECONDS)).as("the first email").isNotNull();
        notices.next(notices.state, "first claim");
        notices.next(notices.state, "first marking");

        // every commit late: the claim's and those of the questions after it overlap, so the email waits for one
        // late commit, not for the claim's and then for the questions' one after the other
        slowCommits.commitLatency(LATENCY);
        post(api, load.breaching(1));
        Duration overlapping = claimToFirstSmtpCommand(notices, smtp, "second");
        assertThat(overlapping).as("from the claim's commit to the email's first SMTP command, with every answer to"
            + " COMMIT %s late", LATENCY).isGreaterThanOrEqualTo(LATENCY.multipliedBy(3).dividedBy(4))
            .isLessThan(LATENCY.multipliedBy(3).dividedBy(2));
        notices.next(notices.state, "second marking");

        // only the claim's commit late (the one transaction that answers UPDATE): the email waits for it
        slowCommits.commitLatencyAfterUpdates(LATENCY);
        post(api, load.breaching(2));
        Duration waiting = claimToFirstSmtpCommand(notices, smtp, "third");
        assertThat(waiting).as("from the claim's commit to the email's first SMTP command, with the answer to the"
            + " claim's COMMIT %s late", LATENCY).isGreaterThanOrEqualTo(LATENCY.multipliedBy(9).dividedBy(10))
            .isLessThan(LATENCY.multipliedBy(3).dividedBy(2));
        notices.next(notices.state, "third marking");
        assertThat(mailbox.received()).hasSize(3);
      }
    } finally {
      TestDatabases.drop(direct);
    }
  }

  private static Duration claimToFirstSmtpCommand(OutboxNotices notices, SmtpRelay smtp, String which)
      throws InterruptedException {
    long claimed = notices.next(notices.state, which + " claim");
    SmtpRelay.Transaction mail = smtp.next(30, TimeUnit.SECONDS);
    assertThat(mail).as("the %s email", which).isNotNull();
    assertThat(mail.accepted()).isTrue();
    return Duration.ofNanos(mail.startNanos() - claimed);
  }

  private static void post(Http api, MeasurementLoad.Item breach) {
    Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", breach.indicator()).put("orgUnit", breach.orgUnit()).put("gender", breach.gender())
        .put("period", breach.period()).put("value", breach.value()), "Authorization", ProofEnv.BEARER);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 299);
  }
}
