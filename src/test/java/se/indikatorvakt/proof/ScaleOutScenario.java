package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad.Item;
import se.indikatorvakt.proof.MeasurementLoad.Report;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;

/**
 * Three instances of the packaged jar on one PostgreSQL with GreenMail as the mail server, and load
 * spread over them: first undisturbed, then with one instance killed (SIGKILL) in the middle of the
 * load while its sends are slow, so that it dies holding outbox work that the others must take over.
 */
final class ScaleOutScenario implements AutoCloseable {
  /** Sizes of one run: enheter per phase, items per phase, client connections. */
  record Size(int unitsPerPhase, long itemsPerPhase, int connections, Duration maxPerPhase) {}

  private final Size size;
  private final DatabaseUrl database;
  private final ProofDb db;
  private final ProofCatalog catalog;
  private final GreenMail greenMail;
  /** One relay per instance in front of the one GreenMail, so a test can slow down one instance's mail only. */
  private final List<DelayingProxy> smtp = new ArrayList<>();
  private final List<ServiceProcess> instances = new ArrayList<>();

  ScaleOutScenario(Size size) {
    this.size = size;
    System.out.println(Machine.describe());
    database = TestDatabases.create();
    db = new ProofDb(database);
    catalog = ProofCatalog.write(2 * size.unitsPerPhase());
    greenMail = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    for (int i = 1; i <= 3; i++) {
      DelayingProxy relay = DelayingProxy.to(greenMail.getSmtp().getPort());
      smtp.add(relay);
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(database, catalog), relay.port());
      env.put("INDIKATORVAKT_SMTP_SEND_TIMEOUT", "PT8S");
      // far beyond every wait below, so that equal gauges on all instances can only come from the NOTIFY feed
      env.put("INDIKATORVAKT_METRICS_REFRESH_INTERVAL", "PT1H");
      instances.add(ServiceProcess.start("scale-out-" + i, env));
    }
    for (ServiceProcess instance : instances) {
      instance.awaitReady(Duration.ofSeconds(90));
    }
  }

  /**
   * Phase 1: load over all three; every 2xx stored, one row per key answered 2xx, every breach one email, the same
   * gauges everywhere.
   */
  void undisturbed() {
    MeasurementLoad load = load(1).breachEvery(5);
    long rowsBefore = db.count(ROWS);
    Report report = load.run();
    System.out.println("scale-out, three instances: " + report.summary());
    assertThat(report.outcomes()).as("every request answered 2xx").allMatch(MeasurementLoad.Outcome::acknowledged);
    DatabaseOutageUnderLoadTest.assertEveryAcknowledgedItemIsStored(db, report.acknowledged());
    assertThat(db.count(ROWS) - rowsBefore).as("rows stored by the load, against the keys answered 2xx")
        .isEqualTo(distinctKeys(report.acknowledged()));
    Set<String> series = report.breachingSeriesAcknowledged();
    assertThat(series).as("breaching series in the load").isNotEmpty();
    assertOneNoticePerBreachingSeries(series.size());
    assertSameIndicatorGauges(instances);
  }

  /**
   * Phase 2: instance 3's mail made slow (each SMTP reply 1 s late, so a mail takes about 5 s), load on
   * fresh units, and instance 3 killed while the load runs and it is in the middle of an SMTP
   * transaction: it dies holding claimed outbox rows, which the others must send after the lease.
   */
  void oneInstanceKilledMidLoad() throws Exception {
    long noticesBefore = Outbox.rows(db);
    DelayingProxy victimSmtp = smtp.get(2);
    victimSmtp.replyDelay(Duration.ofSeconds(1));
    int transactionsBefore = victimSmtp.transactionsStarted();
    MeasurementLoad load = load(size.unitsPerPhase() + 1).breachEvery(3).attemptsPerRequest(3)
        .maxItems(Long.MAX_VALUE);
    long rowsBefore = db.count(ROWS);
    CompletableFuture<Report> running = CompletableFuture.supplyAsync(load::run);
    // The breaching series fire early in the load, so the mail comes early too. A MAIL FROM less than a second
    // ago, with every reply a second late, is a transaction with at least three replies still to come: the
    // kill lands while instance 3 holds claimed, unsent outbox rows.
    Http.await("instance 3 in the middle of sending a mail", Duration.ofSeconds(60),
        () -> victimSmtp.transactionsStarted() > transactionsBefore
            && victimSmtp.transactionStartedWithin(Duration.ofSeconds(1)));
    ServiceProcess victim = instances.get(2);
    long killedAt = System.nanoTime();
    victim.kill();
    assertThat(running).as("the load was still running when instance 3 was killed").isNotDone();
    long acknowledgedAtKill = load.acknowledgedSoFar();
    Http.await("the load to go on on the two survivors", size.maxPerPhase(),
        () -> load.acknowledgedSoFar() >= Math.max(size.itemsPerPhase(), acknowledgedAtKill + size.itemsPerPhase() / 3));
    load.stop();
    Report report = running.get();
    System.out.printf("scale-out, instance 3 killed %d ms into the load: %s%n",
        Duration.ofNanos(killedAt - report.outcomes().get(0).finishedNanos()).toMillis(), report.summary());
    assertThat(report.serverErrorsOtherThan503()).as("no 5xx from the survivors").isEmpty();
    assertThat(report.clientErrors()).as("no 4xx for valid measurements").isEmpty();
    DatabaseOutageUnderLoadTest.assertEveryAcknowledgedItemIsStored(db, report.acknowledged());
    // a request cut off by the kill may have committed without its answer arriving, so the rows may exceed the keys
    // answered 2xx, but never the keys sent
    assertThat(db.count(ROWS) - rowsBefore).as("rows stored by the load")
        .isBetween(distinctKeys(report.acknowledged()),
            distinctKeys(report.outcomes().stream().flatMap(o -> o.items().stream()).toList()));

    long firing = db.count(FIRING_SERIES);
    assertThat(firing).as("breaching series stored (both phases) fire one alert each")
        .isGreaterThanOrEqualTo(report.breachingSeriesAcknowledged().size() + noticesBefore);
    assertOneNoticePerBreachingSeries(firing);
    long takenOver = Outbox.takenOver(db);
    System.out.printf("scale-out: %d mails claimed by the killed instance were sent by the others%n", takenOver);
    assertThat(takenOver).as("mail the killed instance had claimed, sent by a survivor after the lease").isPositive();
    assertSameIndicatorGauges(instances.subList(0, 2));
  }

  private static final String FIRING_SERIES = "SELECT count(DISTINCT (org_unit_id, gender)) FROM measurement "
      + "WHERE indicator_id = 'proof-andel'";

  private MeasurementLoad load(int firstUnit) {
    return MeasurementLoad.on(instances.stream().map(ServiceProcess::apiPort).toList(), size.unitsPerPhase())
        .unitsFrom(firstUnit).connections(size.connections()).maxItems(size.itemsPerPhase())
        .maxDuration(size.maxPerPhase());
  }

  private static final String ROWS = "SELECT count(*) FROM measurement";

  private static long distinctKeys(List<Item> items) {
    return items.stream().map(Item::key).distinct().count();
  }

  /**
   * Exactly one notice per breaching series, each in exactly one email that arrived once (several
   * notices due for one manager at the same moment share an email).
   */
  private void assertOneNoticePerBreachingSeries(long expected) {
    Outbox.await(db, expected + " notices sent", Duration.ofSeconds(120),
        () -> Outbox.delivered(db) >= expected && Outbox.pending(db) == 0);
    Map<String, Long> expectedPerRecipient = db.rows("SELECT org_unit_id, count(DISTINCT gender) AS n FROM measurement "
            + "WHERE indicator_id = 'proof-andel' GROUP BY org_unit_id").stream()
        .collect(Collectors.toMap(row -> ProofCatalog.managerOf((String) row.get("org_unit_id")),
            row -> ((Number) row.get("n")).longValue(), Long::sum, TreeMap::new));
    Outbox.assertEveryRowDeliveredExactlyOnce(db, greenMail.getReceivedMessages(), expectedPerRecipient);
    assertThat(Outbox.rows(db)).as("notices in the outbox").isEqualTo(expected);
  }

  /**
   * Every instance's /metrics shows the same indicator gauges. The instances run with a refresh interval of an hour,
   * so they can agree within this wait only because each refreshes on the NOTIFY of the others' writes.
   */
  private static void assertSameIndicatorGauges(List<ServiceProcess> running) {
    List<Map<String, String>> last = new ArrayList<>();
    Http.await("the same indicator gauges on every instance", Duration.ofSeconds(20), () -> {
      last.clear();
      for (ServiceProcess instance : running) {
        last.add(PrometheusText.indicatorGauges(new Http(instance.managementPort()).get("/metrics").body()));
      }
      return !last.get(0).isEmpty() && last.stream().allMatch(last.get(0)::equals);
    });
  }

  @Override
  public void close() {
    instances.forEach(ServiceProcess::close);
    smtp.forEach(DelayingProxy::close);
    greenMail.stop();
    TestDatabases.drop(database);
  }
}
