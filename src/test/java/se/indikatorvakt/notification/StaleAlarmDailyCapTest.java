package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad;
import se.indikatorvakt.proof.ProofCatalog;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.proof.ProofEnv;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * A claim takes its emails' daily-cap slots while it asks how their alerts stand; an alarm that proves stale (its
 * alert was acknowledged while it waited) gives its slot back. With a cap of one email a day, the manager still gets
 * the next alarm as an email of its own, not folded into tomorrow's digest by an email that never went out.
 */
class StaleAlarmDailyCapTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aDroppedAlarmLeavesTheDailyCapToTheNextOne() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(1);
    ProofDb db = new ProofDb(database);
    try (Mailbox mailbox = Mailbox.start()) {
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(database, catalog), mailbox.port());
      env.put("INDIKATORVAKT_NOTIFICATION_DAILY_CAP_PER_RECIPIENT", "1");
      try (TestService service = TestService.start(env)) {
        Http api = new Http(service.apiPort());
        MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), 1);
        MeasurementLoad.Item first = load.breaching(0);
        MeasurementLoad.Item second = load.breaching(1);
        String manager = ProofCatalog.managerOf(first.orgUnit());
        assertThat(ProofCatalog.managerOf(second.orgUnit())).isEqualTo(manager);

        mailbox.stop();
        try {
          post(api, first);
          Http.await("the first alarm tried and not delivered", WAIT, () -> db.count("SELECT count(*) FROM"
              + " notification_attempt WHERE outcome = 'unreachable'") > 0);
          long alert = db.count("SELECT id FROM alert WHERE org_unit_id = ? AND gender = ?", first.orgUnit(),
              first.gender());
          assertThat(api.postJson("/api/v1/alerts/" + alert + "/acknowledge", new JsonObject()
              .put("comment", "Tar det"), "Authorization", "Bearer " + ProofEnv.ADMIN_KEY).status()).isEqualTo(200);
        } finally {
          mailbox.restart();
        }
        Http.await("the first alarm dropped as acknowledged", WAIT, () -> db.count("SELECT count(*) FROM outbox"
            + " WHERE kind = 'firing' AND state = 'dropped' AND last_error = 'acknowledged'") == 1);
        Http.await("nothing of the first alert left to send", WAIT, () -> db.count("SELECT count(*) FROM outbox"
            + " WHERE state IN ('pending', 'sending')") == 0);

        post(api, second);

        Http.await("the second alarm as an email", WAIT, () -> mailbox.to(manager).size() == 1);
        assertThat(db.count("SELECT count(*) FROM outbox WHERE state = 'folded'")).isZero();
        assertThat(db.count("SELECT coalesce(sum(emails), 0) FROM notification_daily_count WHERE recipient = ?",
            manager)).as("emails counted against the cap today").isEqualTo(1);
      }
    } finally {
      TestDatabases.drop(database);
    }
  }

  private static void post(Http api, MeasurementLoad.Item breach) {
    Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", breach.indicator()).put("orgUnit", breach.orgUnit()).put("gender", breach.gender())
        .put("period", breach.period()).put("value", breach.value()), "Authorization", ProofEnv.BEARER);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 299);
  }
}
