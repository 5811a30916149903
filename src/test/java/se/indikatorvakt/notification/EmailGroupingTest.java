package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestClock;
import se.indikatorvakt.support.ServiceExtension;

/** Never a storm: alerts close together become one email, and a daily cap folds the rest into a morning digest. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmailGroupingTest {
  private static final TestClock CLOCK = TestClock.running();
  private static Mailbox mailbox;
  private static OutboxFixture outbox;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withEnv(database -> {
    Map<String, String> env = NotificationEnv.withSmtp(database, mailbox.port());
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT1S");
    env.put("INDIKATORVAKT_NOTIFICATION_DAILY_CAP_PER_RECIPIENT", "2");
    return env;
  }).withClock(CLOCK).withCompanion(() -> mailbox = Mailbox.start());

  @BeforeAll
  static void start() {
    outbox = new OutboxFixture(SERVICE.env(), CLOCK);
  }

  @AfterAll
  static void stop() {
    outbox.close();
  }

  @Test
  @Order(1)
  void threeAlertsForOneManagerWithinTheWindowGoOutAsOneEmailListingAllThree() throws Exception {
    String manager = "enhetschef.grouped@kalmar.example";

    outbox.enqueue(Requests.firing(manager, 134));
    outbox.enqueue(Requests.request(NotificationKind.FIRING, manager, Requests.breach(100).put("gender", "K")));
    outbox.enqueue(Requests.request(NotificationKind.RESOLVED, manager, Requests.breach(80).put("gender", "M")));

    Http.await("all three rows sent", Duration.ofSeconds(10),
        () -> outbox.attempts(manager).stream().filter("sent"::equals).count() == 3);
    List<MimeMessage> mails = mailbox.to(manager);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject())
        .isEqualTo("3 larm, 1 ej uppfyllt – DV LSS och SoL");
  }

  @Test
  @Order(2)
  void beyondTheDailyCapAlertsAreFoldedAndGoOutAsOneDigestTheNextMorning() throws Exception {
    String manager = "enhetschef.capped@kalmar.example";
    for (int sent = 1; sent <= 2; sent++) {
      outbox.enqueue(Requests.firing(manager, 130 + sent));
      int expected = sent;
      Http.await("email " + sent + " of the cap", Duration.ofSeconds(10), () -> mailbox.to(manager).size() == expected);
    }

    outbox.enqueue(Requests.request(NotificationKind.FIRING, manager, Requests.breach(140).put("gender", "K")),
        Requests.request(NotificationKind.FIRING, manager, Requests.breach(150).put("gender", "M")));
    Http.await("the two beyond the cap folded", Duration.ofSeconds(10), () -> outbox.count("folded") == 2);
    assertThat(mailbox.to(manager)).hasSize(2);

    CLOCK.advance(Duration.ofDays(1));

    Http.await("the digest", Duration.ofSeconds(10), () -> mailbox.to(manager).size() == 3);
    assertThat(mailbox.to(manager).get(2).getSubject())
        .isEqualTo("Sammanfattning: 2 larm, 2 ej uppfyllt – DV LSS och SoL");
    Http.await("the folded rows sent", Duration.ofSeconds(5), () -> outbox.count("folded") == 0);
  }
}
