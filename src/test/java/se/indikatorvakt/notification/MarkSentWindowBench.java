package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.proof.MeasurementLoad;
import se.indikatorvakt.proof.ProofCatalog;
import se.indikatorvakt.proof.ProofEnv;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The window in which a dying instance sends an email twice: from the mail server's 250 to the outbox rows marked
 * sent, while ingest keeps the shared pool busy (32 connections posting batches of 100 into a pool of 4, one
 * breach in every 200 items, grouping window 0 so that each breach is its own email). Run alone: {@code mvn -B -ntp
 * -Pbench test -Dtest=MarkSentWindowBench -Dsurefire.failIfNoSpecifiedTests=false} (about a minute).
 */
@Tag("bench")
class MarkSentWindowBench {
  private static final int UNITS = 200;

  @Test
  @Timeout(300)
  void markingSentDoesNotWaitForIngest() throws Exception {
    System.out.println(Machine.describe());
    DatabaseUrl database = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(UNITS);
    GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.start();
    Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(database, catalog), greenMail.getSmtp().getPort());
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    env.put("INDIKATORVAKT_NOTIFICATION_DAILY_CAP_PER_RECIPIENT", "1000");
    env.put("INDIKATORVAKT_DATABASE_POOL_SIZE", "4");
    env.put("INDIKATORVAKT_DATABASE_MAX_WAIT_QUEUE", "4096");
    try (TestService service = TestService.start(env)) {
      MeasurementLoad.Report report = MeasurementLoad.on(List.of(service.apiPort()), UNITS)
          .connections(32).batchSize(100).breachEvery(200).maxItems(Long.MAX_VALUE)
          .maxDuration(Duration.ofSeconds(40)).run();
      System.out.println("ingest under the measurement: " + report.summary());
      Timer marked = service.app().registry().find("indikatorvakt.email.mark.duration").timer();
      assertThat(marked).isNotNull();
      HistogramSnapshot snapshot = marked.takeSnapshot();
      StringBuilder line = new StringBuilder("250 to marked sent, " + snapshot.count() + " emails under ingest load:");
      for (ValueAtPercentile p : snapshot.percentileValues()) {
        line.append(String.format(" p%.0f %.1f ms,", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
      }
      line.append(String.format(" mean %.1f ms, max %.1f ms", snapshot.mean(TimeUnit.MILLISECONDS),
          snapshot.max(TimeUnit.MILLISECONDS)));
      System.out.println(line);
      assertThat(snapshot.count()).isPositive();
    } finally {
      greenMail.stop();
      TestDatabases.drop(database);
    }
  }
}
