package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.MeasurementLoad;
import se.indikatorvakt.proof.ProofCatalog;
import se.indikatorvakt.proof.ProofEnv;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Emails one after another travel over one SMTP connection that stays open, so that an alarm does not wait for a
 * new connection's greeting and EHLO: observed at a real GreenMail server through a relay that counts connections.
 */
class SmtpConnectionReuseTest {
  private static final int BREACHES = 4;

  @Test
  void emailsOneAfterAnotherShareOneSmtpConnection() throws Exception {
    DatabaseUrl database = TestDatabases.create();
    ProofCatalog catalog = ProofCatalog.write(BREACHES);
    try (Mailbox mailbox = Mailbox.start(); SmtpRelay relay = new SmtpRelay(mailbox.port())) {
      Map<String, String> env = ProofEnv.withSmtp(ProofEnv.env(database, catalog), relay.port());
      try (TestService service = TestService.start(env)) {
        Http api = new Http(service.apiPort());
        MeasurementLoad load = MeasurementLoad.on(List.of(service.apiPort()), BREACHES);
        List<SmtpRelay.Transaction> mails = new ArrayList<>();
        for (int i = 0; i < BREACHES; i++) {
          MeasurementLoad.Item breach = load.breaching(i);
          Http.Response posted = api.postJson("/api/v1/measurements", new JsonObject()
              .put("indicator", breach.indicator()).put("orgUnit", breach.orgUnit()).put("gender", breach.gender())
              .put("period", breach.period()).put("value", breach.value()), "Authorization", ProofEnv.BEARER);
          assertThat(posted.status()).as(posted.body()).isBetween(200, 299);
          SmtpRelay.Transaction mail = relay.next(10, TimeUnit.SECONDS);
          assertThat(mail).as("email %d accepted by the server", i).isNotNull();
          mails.add(mail);
        }

        assertThat(mails).allMatch(SmtpRelay.Transaction::accepted);
        assertThat(mailbox.received()).hasSize(BREACHES);
        assertThat(relay.connections()).as("SMTP connections opened for %d emails", BREACHES).isEqualTo(1);
        assertThat(mails.subList(1, BREACHES)).noneMatch(SmtpRelay.Transaction::newConnection);
      }
    } finally {
      TestDatabases.drop(database);
    }
  }
}
