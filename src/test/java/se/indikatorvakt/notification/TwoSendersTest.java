package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** Two service instances draining one outbox share the work and never send one message twice. */
class TwoSendersTest {
  private static final int MESSAGES = 60;

  @Test
  void everyMessageIsSentExactlyOnceByOneOfTheInstances() {
    DatabaseUrl database = TestDatabases.create();
    try (Mailbox mailbox = Mailbox.start()) {
      Map<String, String> env = NotificationEnv.withSmtp(database, mailbox.port());
      env.put("INDIKATORVAKT_NOTIFICATION_MAX_CONCURRENT_SENDS", "4");
      try (TestService first = TestService.start(env); TestService second = TestService.start(env);
          OutboxFixture outbox = new OutboxFixture(env)) {
        List<String> managers = IntStream.range(0, MESSAGES).mapToObj(i -> "chef" + i + "@kalmar.example").toList();
        for (int i = 0; i < MESSAGES; i += 10) {
          outbox.enqueue(managers.subList(i, i + 10).stream().map(m -> Requests.firing(m, 134))
              .toArray(NotificationRequest[]::new));
        }

        Http.await("all rows sent", Duration.ofSeconds(20), () -> outbox.count("sent") == MESSAGES);
        assertThat(mailbox.received()).hasSize(MESSAGES);
        assertThat(managers).allSatisfy(manager -> assertThat(mailbox.to(manager)).hasSize(1));
        List<Double> perInstance = List.of(sent(first), sent(second));
        System.out.println("emails sent per instance: " + perInstance);
        assertThat(perInstance.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(MESSAGES);
      }
    } finally {
      TestDatabases.drop(database);
    }
  }

  private static double sent(TestService instance) {
    return instance.app().registry().get("indikatorvakt.emails").tag("outcome", "sent").counter().count();
  }
}
