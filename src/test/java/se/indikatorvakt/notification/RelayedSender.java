package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad;
import se.indikatorvakt.proof.ProofCatalog;
import se.indikatorvakt.proof.ProofEnv;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.LatencyRelay;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The service of the tests that time a claimed email on its way out: the real PostgreSQL behind a
 * {@link LatencyRelay} (no latency until a test sets one), GreenMail behind an {@link SmtpRelay} that sees each
 * email's first SMTP command, and a listener of the outbox's notices of its own that sees each claim's commit. When
 * {@link #start} returns, the first breach's email has gone out at full speed: it opened the sender's connections to
 * PostgreSQL and to the mail server, which later emails would otherwise wait for.
 */
record RelayedSender(LatencyRelay database, Mailbox mailbox, SmtpRelay smtp, OutboxNotices notices, Http api,
    MeasurementLoad load, Deque<AutoCloseable> opened, DatabaseUrl direct) implements AutoCloseable {
  /** @param units the units of the catalog, one for each email the test causes, the first one's sent here */
  static RelayedSender start(int units) throws Exception {
    DatabaseUrl direct = TestDatabases.create();
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      ProofCatalog catalog = ProofCatalog.write(units);
      LatencyRelay database = opening(opened, new LatencyRelay(direct.port()));
      Mailbox mailbox = opening(opened, Mailbox.start());
      SmtpRelay smtp = opening(opened, new SmtpRelay(mailbox.port()));
      OutboxNotices notices = opening(opened, new OutboxNotices(direct));
      DatabaseUrl relayed = new DatabaseUrl(direct.host(), database.port(), direct.database(), direct.user(),
          direct.password());
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(relayed, catalog), smtp.port());
      env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT30S");
      env.put("INDIKATORVAKT_NOTIFICATION_SAFETY_NET_INTERVAL", "PT60S");
      TestService service = opening(opened, TestService.start(env));
      RelayedSender sender = new RelayedSender(database, mailbox, smtp, notices, new Http(service.apiPort()),
          MeasurementLoad.on(List.of(service.apiPort()), units), opened, direct);
      sender.breach(0);
      assertThat(smtp.next(10, TimeUnit.SECONDS)).as("the first email").isNotNull();
      notices.next(notices.state, "first claim");
      notices.next(notices.state, "first marking");
      return sender;
    } catch (Exception | AssertionError e) {
      try {
        closeAll(opened, direct);
      } catch (Exception notClosed) {
        e.addSuppressed(notClosed);
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T opening(Deque<AutoCloseable> opened, T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * Posts a breach of unit {@code n}'s target and answers the time from its email's claim committing to the email's
   * first SMTP command, once the email was accepted and marked sent.
   */
  Duration claimToFirstSmtpCommand(int n, String which) throws InterruptedException {
    breach(n);
    long claimed = notices.next(notices.state, which + " claim");
    SmtpRelay.Transaction mail = smtp.next(30, TimeUnit.SECONDS);
    assertThat(mail).as("the %s email", which).isNotNull();
    assertThat(mail.accepted()).isTrue();
    notices.next(notices.state, which + " marking");
    return Duration.ofNanos(mail.startNanos() - claimed);
  }

  private void breach(int n) {
    MeasurementLoad.Item breach = load.breaching(n);
    Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", breach.indicator()).put("orgUnit", breach.orgUnit()).put("gender", breach.gender())
        .put("period", breach.period()).put("value", breach.value()), "Authorization", ProofEnv.BEARER);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 299);
  }

  /** The service first, then the listener, the relays and the mail server: the reverse of their opening. */
  @Override
  public void close() throws Exception {
    closeAll(opened, direct);
  }

  private static void closeAll(Deque<AutoCloseable> opened, DatabaseUrl direct) throws Exception {
    Exception failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    TestDatabases.drop(direct);
    if (failure != null) {
      throw failure;
    }
  }
}
