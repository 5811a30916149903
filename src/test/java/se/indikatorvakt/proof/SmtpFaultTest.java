package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad.Item;
import se.indikatorvakt.proof.ScriptedSmtpServer.Answer;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The mail server misbehaving while alerts fire: unreachable for a while (GreenMail stopped and
 * started again on the same port), answering 4xx or 5xx, too slow to greet, and the service itself
 * restarted with mail still in its outbox. Every alert's email arrives exactly once, or ends as a
 * dead letter that the API shows.
 */
class SmtpFaultTest {
  private static final int UNITS = 4;

  @Test
  @Timeout(120)
  void mailPostedWhileSmtpIsDownForTenSecondsArrivesOnceWhenItReturns() throws Exception {
    smtpOutage(Duration.ofSeconds(10), 12);
  }

  @Test
  @Tag("bench")
  @Timeout(1200)
  void mailPostedWhileSmtpIsDownForFiveMinutesArrivesOnceWhenItReturns() throws Exception {
    smtpOutage(Duration.ofMinutes(5), 60);
  }

  private void smtpOutage(Duration down, int breaches) throws Exception {
    int units = (breaches + 2) / 3;
    ServerSetup setup = new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    GreenMail greenMail = new GreenMail(setup);
    greenMail.start();
    DatabaseUrl database = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(units);
    TestService service = TestService.start(ProofEnv.withSmtp(ProofEnv.env(database, catalog), setup.getPort()));
    try {
      greenMail.stop();
      List<Item> posted = postBreaches(service, catalog, breaches);
      ProofDb db = new ProofDb(database);
      Http.await("an outbox row for every breach", Duration.ofSeconds(20),
          () -> Outbox.rows(db) >= breaches);
      long downSince = System.nanoTime();
      Http.await("SMTP to stay down for " + down, down.plusSeconds(5),
          () -> System.nanoTime() - downSince >= down.toNanos());
      assertThat(Outbox.delivered(db)).as("nothing can have been delivered while SMTP was down").isZero();

      greenMail = new GreenMail(setup);
      greenMail.start();
      GreenMail running = greenMail;
      long back = System.nanoTime();
      Outbox.await(db, "every breach's notice sent after SMTP returned", Duration.ofSeconds(60),
          () -> Outbox.delivered(db) >= breaches);
      System.out.printf("SMTP down %s: %d notices delivered in %d emails %d ms after it returned%n", down, breaches,
          running.getReceivedMessages().length, Duration.ofNanos(System.nanoTime() - back).toMillis());
      Outbox.assertEveryRowDeliveredExactlyOnce(db, running.getReceivedMessages(), expectedPerRecipient(posted));
    } finally {
      service.close();
      greenMail.stop();
      TestDatabases.drop(database);
    }
  }

  @Test
  @Timeout(60)
  void temporaryFailuresAreRetriedUntilTheMailIsAcceptedOnce() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start(ScriptedSmtpServer.failingFirst(3, Answer.TEMPORARY_FAILURE))) {
      withService(smtp.port(), env -> { }, (service, db) -> {
        postBreaches(service, null, 1);
        Http.await("the mail accepted after three 451s", Duration.ofSeconds(40), () -> smtp.accepted().size() == 1);
        Http.await("the outbox to be drained", Duration.ofSeconds(10), () -> Outbox.pending(db) == 0);
        assertThat(smtp.attempts()).as("three refused attempts and the accepted one").isEqualTo(4);
        assertThat(smtp.accepted()).hasSize(1);
        assertThat(Outbox.dead(db)).isZero();
      });
    }
  }

  @Test
  @Timeout(60)
  void permanentFailuresEndAsADeadLetterShownByTheApi() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start(
        ScriptedSmtpServer.failingFirst(Integer.MAX_VALUE, Answer.PERMANENT_FAILURE))) {
      withService(smtp.port(), env -> { }, (service, db) -> {
        postBreaches(service, null, 1);
        Http.await("the message marked dead", Duration.ofSeconds(40), () -> Outbox.dead(db) == 1);
        Http admin = new Http(service.apiPort());
        Http.Response dead = admin.get("/api/v1/notifications?state=dead", "Authorization", "Bearer " + ProofEnv.ADMIN_KEY);
        assertThat(dead.status()).isEqualTo(200);
        assertThat(dead.body()).contains(ProofCatalog.managerOf(ProofCatalog.unit(1)));
        assertThat(smtp.accepted()).isEmpty();
        assertThat(smtp.attempts()).as("attempts bounded by notification.maxAttempts")
            .isBetween(1, ProofEnv.MAX_ATTEMPTS);
        assertThat(new Http(service.managementPort()).get("/metrics").body())
            .containsPattern("indikatorvakt_emails_total\\{[^}]*outcome=\"dead\"[^}]*\\} 1");
      });
    }
  }

  @Test
  @Timeout(60)
  void aServerTooSlowToGreetTimesOutAndTheMailIsRetriedAndDeliveredOnce() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start(ScriptedSmtpServer.hangingFirst(1, Duration.ofSeconds(4)))) {
      withService(smtp.port(), env -> env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT1S"), (service, db) -> {
        long posted = System.nanoTime();
        postBreaches(service, null, 1);
        Http.await("the mail accepted on a later connection", Duration.ofSeconds(40),
            () -> smtp.accepted().size() == 1);
        Duration took = Duration.ofNanos(System.nanoTime() - posted);
        Http.await("the outbox to be drained", Duration.ofSeconds(10), () -> Outbox.pending(db) == 0);
        assertThat(smtp.connections()).as("the hanging connection and at least one more").isGreaterThanOrEqualTo(2);
        assertThat(took).as("the send was given up after its 1 s timeout, not after the server's 4 s")
            .isLessThan(Duration.ofSeconds(4));
        assertThat(smtp.accepted()).hasSize(1);
      });
    }
  }

  @Test
  @Timeout(90)
  void mailLeftInTheOutboxByAStoppedServiceIsSentOnceAfterItsRestart() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(UNITS);
    int nobodyListens = ServiceProcess.freePort();
    ProofDb db = new ProofDb(database);
    List<Item> posted;
    TestService first = TestService.start(ProofEnv.withSmtp(ProofEnv.env(database, catalog), nobodyListens));
    try {
      posted = postBreaches(first, catalog, 6);
      Http.await("an outbox row for every breach", Duration.ofSeconds(20), () -> Outbox.rows(db) >= 6);
    } finally {
      first.close();
    }
    assertThat(Outbox.pending(db)).as("mail still waiting when the service stopped").isEqualTo(6);
    ServerSetup setup = new ServerSetup(nobodyListens, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    GreenMail greenMail = new GreenMail(setup);
    greenMail.start();
    TestService second = TestService.start(ProofEnv.withSmtp(ProofEnv.env(database, catalog), nobodyListens));
    try {
      Outbox.await(db, "the waiting mail sent by the restarted service", Duration.ofSeconds(40),
          () -> Outbox.delivered(db) >= 6);
      Outbox.assertEveryRowDeliveredExactlyOnce(db, greenMail.getReceivedMessages(), expectedPerRecipient(posted));
    } finally {
      second.close();
      greenMail.stop();
      TestDatabases.drop(database);
    }
  }

  /** A service against a fresh database and catalog, mailing to the given port on 127.0.0.1. */
  private void withService(int smtpPort, Consumer<Map<String, String>> settings,
      ServiceScenario scenario) throws Exception {
    DatabaseUrl database = TestDatabases.create();
    Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(database, ProofCatalog.write(UNITS)), smtpPort);
    settings.accept(env);
    TestService service = TestService.start(env);
    try {
      scenario.run(service, new ProofDb(database));
    } finally {
      service.close();
      TestDatabases.drop(database);
    }
  }

  @FunctionalInterface
  private interface ServiceScenario {
    void run(TestService service, ProofDb db) throws Exception;
  }

  /** Posts one breaching value for each of {@code count} different series, so each fires one alert. */
  static List<Item> postBreaches(TestService service, ProofCatalog catalog, int count) {
    MeasurementLoad keys = MeasurementLoad.on(List.of(service.apiPort()), catalog == null ? UNITS : catalog.unitCount());
    List<Item> items = IntStream.range(0, count).mapToObj(keys::breaching).toList();
    Http http = new Http(service.apiPort());
    for (Item item : items) {
      Http.Response response = http.postJson("/api/v1/measurements", item.json(), "Authorization", ProofEnv.BEARER);
      assertThat(response.status()).as("breach %s: %s", item.key(), response.body()).isBetween(200, 299);
    }
    return items;
  }

  static Map<String, Long> expectedPerRecipient(List<Item> breaches) {
    return breaches.stream().map(Item::series).distinct()
        .collect(Collectors.groupingBy(series -> ProofCatalog.managerOf(series.split("\\|")[1]), TreeMap::new,
            Collectors.counting()));
  }
}
