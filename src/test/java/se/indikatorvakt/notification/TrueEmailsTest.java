package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestClock;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Emails that are true when they are sent, end to end: the real service posts, decides and sends; GreenMail
 * receives; each message is parsed as MIME. The sequences are those of issue 18: the README's own example with a
 * period without målvärde, a source re-posting a value on the line, an escalated alert acknowledged and resolved,
 * and an acknowledgement made while the alarm waits in the outbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrueEmailsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String VANTETID = "vantetid-daglig-verksamhet";
  private static final TestClock CLOCK = TestClock.running();

  private static DatabaseUrl database;
  private static Mailbox mailbox;
  private static TestService service;
  private static Http http;
  private static ProofDb db;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    mailbox = Mailbox.start();
    Map<String, String> env = NotificationEnv.withSmtp(database, mailbox.port());
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT0.1S");
    service = TestService.start(env, CLOCK);
    http = new Http(service.apiPort());
    db = new ProofDb(database);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (mailbox != null) {
      mailbox.close();
    }
    TestDatabases.drop(database);
  }

  /** 134 dagar for 2022-T1 (ej uppfyllt), then 134 dagar for 2026-T3, for which no målvärde has been decided. */
  @Test
  @Order(1)
  void aPeriodWithoutTargetIsToldAsSuchToTheManagerAndTheCatalogOwnerAndNeverAsMet() throws Exception {
    // Kalmar's årsmål 2022 for långtidssjukskrivna was set for 2022 alone (000 rad 449, 465): nothing judges 2026.
    String manager = "verksamhetschef.barn-och-familj@kalmar.example";
    String owner = "administrativ.chef.soc@kalmar.example";
    postLongTermSick("vo-barn-och-familj", "2022-03", 10);
    postLongTermSick("vo-barn-och-familj", "2022-04", 10);
    postLongTermSick("vo-barn-och-familj", "2026-10", 10);

    Http.await("firing and target-missing to the manager, target-missing to the owner", WAIT,
        () -> mailbox.to(manager).size() == 2 && mailbox.to(owner).size() == 1);
    List<MimeMessage> toManager = new java.util.ArrayList<>(mailbox.to(manager));
    toManager.sort(java.util.Comparator.comparing(m -> subjectOf(m).startsWith("Målvärde saknas")));
    assertThat(toManager.get(0).getSubject()).startsWith("Ej uppfyllt: Långtidssjukskrivna 10 st")
        .endsWith("– VO barn och familj");
    assertThat(toManager.get(1).getSubject()).startsWith("Målvärde saknas: Långtidssjukskrivna")
        .contains("2026").endsWith("– VO barn och familj");
    assertThat(text(toManager.get(1))).contains("men för den perioden finns inget målvärde")
        .contains("Det betyder inte att målet är uppfyllt")
        .contains("senast bedömda värde är 10");
    assertThat(text(mailbox.to(owner).get(0))).contains("Lägg in målvärdet för perioden i katalogen");
    for (MimeMessage message : mailbox.received()) {
      assertThat(message.getSubject()).doesNotContain("Åter uppfyllt").hasSizeLessThanOrEqualTo(SubjectLine.MAX);
      assertThat(text(message)).doesNotContain("uppfyller målvärdet").doesNotContain("Ingen åtgärd behövs");
      assertThat(html(message)).doesNotContain("Åter uppfyllt");
    }
    JsonObject alert = http.get("/api/v1/alerts?indicator=antal-langtidssjukskrivna&orgUnit=vo-barn-och-familj",
        "Authorization", NotificationEnv.ADMIN).json().getJsonArray("items").getJsonObject(0);
    assertThat(alert.getString("state")).as("a value that never improved leaves the alert open").isEqualTo("firing");
    assertThat(db.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND kind = 'target-missing'",
        alert.getLong("id"))).isEqualTo(1);

    String installation = (String) db.rows("SELECT id::text AS id FROM installation").get(0).get("id");
    assertThat(toManager.get(0).getMessageID()).contains("." + installation + "@kalmar.example>");
    assertThat(toManager.get(0).getMessageID()).isNotEqualTo(toManager.get(1).getMessageID());
  }

  /**
   * A source re-posts its revision of one period, 91/89/91/89/91 dagar against "högst 90": one alert, one email. The
   * email shows the alert as it stands when it is written, so the test waits for it before the value flaps: posted
   * at once, the flapping would race the email's rendering for the value in its subject.
   */
  @Test
  @Order(2)
  void aSourceRepostingAValueOnTheLineProducesOneEmailNotOnePerCrossing() throws Exception {
    String manager = "enhetschef.atv@kalmar.example";
    post("atv", "2022-T1", 91);
    Http.await("the firing email", WAIT, () -> mailbox.to(manager).size() == 1);
    assertThat(mailbox.to(manager).get(0).getSubject()).startsWith("Delvis uppfyllt: Väntetid daglig verksamhet 91 d");
    for (double value : new double[] {89, 91, 89, 91}) {
      post("atv", "2022-T1", value);
    }
    assertThat(alerts("atv")).as("one alert").hasSize(1);

    post("atv", "2022-T1", 89);
    CLOCK.advance(Duration.ofMinutes(31));
    Http.await("the revision judged once it settled", WAIT, () -> mailbox.to(manager).size() == 2);
    MimeMessage revised = mailbox.to(manager).get(1);
    assertThat(revised.getSubject()).startsWith("Rättat värde: Väntetid daglig verksamhet 89 d");
    assertThat(text(revised)).contains("Värdet som larmet gällde har rättats").doesNotContain("/acknowledge");
    assertThat(alerts("atv")).hasSize(1);
    assertThat(mailbox.to(manager)).hasSize(2);
  }

  /**
   * Fired to the enhetschef, escalated to the verksamhetschef after seven days, acknowledged, then met again: both
   * hear who took it and that it is over, once each.
   */
  @Test
  @Order(3)
  void everyoneWhoWasToldHearsWhoTookItAndThatItIsOverOnce() throws Exception {
    String enhetschef = "enhetschef.myndighet-funktionsstod@kalmar.example";
    String verksamhetschef = "verksamhetschef.funktionsstod-vuxen@kalmar.example";
    postDecisionTime("2022-T1", 107);
    Http.await("the firing email", WAIT, () -> mailbox.to(enhetschef).size() == 1);
    CLOCK.advance(Duration.ofDays(7).plusHours(1));
    Http.await("the escalation", WAIT, () -> mailbox.to(verksamhetschef).size() == 1);
    long id = http.get("/api/v1/alerts?indicator=beslut-inom-skalig-tid&orgUnit=myndighet-funktionsstod-vuxen",
        "Authorization", NotificationEnv.ADMIN).json().getJsonArray("items").getJsonObject(0).getLong("id");

    Http.Response acknowledged = http.postJson("/api/v1/alerts/" + id + "/acknowledge",
        new JsonObject().put("comment", "Vi öppnar fler platser."), "Authorization", NotificationEnv.ADMIN);
    assertThat(acknowledged.status()).isEqualTo(200);
    Http.await("kvitterat to both", WAIT,
        () -> mailbox.to(enhetschef).size() == 2 && mailbox.to(verksamhetschef).size() == 2);
    postDecisionTime("2022-T2", 60);
    Http.await("åter uppfyllt to both", WAIT,
        () -> mailbox.to(enhetschef).size() == 3 && mailbox.to(verksamhetschef).size() == 3);

    assertThat(verdicts(enhetschef)).containsExactly("Ej uppfyllt", "Kvitterat", "Åter uppfyllt");
    assertThat(verdicts(verksamhetschef)).containsExactly("Eskalerat, ej uppfyllt", "Kvitterat", "Åter uppfyllt");
    assertThat(subjects(enhetschef)).allSatisfy(subject -> assertThat(subject)
        .hasSizeLessThanOrEqualTo(SubjectLine.MAX).endsWith(" – Myndighet LSS/SoL"));
    assertThat(subjects(enhetschef).get(2)).contains(" 60 d (mål högst 79)");
    String kvitterat = text(mailbox.to(verksamhetschef).get(1));
    assertThat(kvitterat).contains("Larmet har kvitterats av en administratör")
        .contains("med kommentaren: \"Vi öppnar fler platser.\"").doesNotContain("/acknowledge");
    assertThat(text(mailbox.to(enhetschef).get(2))).contains("19 dagar under målvärdet")
        .contains("Du får detta eftersom du fick larmet som enhetschef");
  }

  /** The SMTP server is down when the alarm is due; it is acknowledged meanwhile: it is never sent, and that is recorded. */
  @Test
  @Order(4)
  void anAlarmAcknowledgedWhileItWaitsIsDroppedAndTheDropRecorded() throws Exception {
    String manager = "enhetschef.gruppbostader@kalmar.example";
    mailbox.stop();
    try {
      post("gruppbostader-lss", "2022-T1", 134);
      long id = onlyAlert("gruppbostader-lss").getLong("id");
      Http.await("a failed attempt", WAIT, () -> db.count("SELECT count(*) FROM notification_attempt a JOIN outbox o "
          + "ON o.id = a.outbox_id WHERE o.alert_id = ? AND a.outcome = 'unreachable'", id) > 0);
      assertThat(http.postJson("/api/v1/alerts/" + id + "/acknowledge", new JsonObject().put("comment", "Tar det"),
          "Authorization", NotificationEnv.ADMIN).status()).isEqualTo(200);
      // still unreachable: a retry claimed just before the acknowledgement fails instead of being sent, and the
      // claim after it drops the alarm
      Http.await("the alarm dropped", WAIT, () -> db.count("SELECT count(*) FROM outbox WHERE alert_id = ? "
          + "AND kind = 'firing' AND state = 'dropped' AND last_error = 'acknowledged'", id) == 1);
    } finally {
      mailbox.restart();
    }
    long id = onlyAlert("gruppbostader-lss").getLong("id");
    assertThat(db.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND kind = 'notice-dropped' "
        + "AND details ->> 'reason' = 'acknowledged'", id)).isEqualTo(1);
    Http.await("nothing left to send", WAIT, () -> db.count("SELECT count(*) FROM outbox WHERE alert_id = ? "
        + "AND state IN ('pending', 'sending')", id) == 0);
    assertThat(mailbox.to(manager)).as("neither the alarm nor a 'kvitterat' about an alarm never received").isEmpty();
  }

  private static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kalmar's beslut inom skälig tid, högst 79 dagar for myndighet funktionsstöd vuxen (000 rad 1237, 1300). */
  private static void postDecisionTime(String period, double value) {
    Http.Response response = http.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "beslut-inom-skalig-tid").put("orgUnit", "myndighet-funktionsstod-vuxen")
        .put("period", period).put("value", value), "Authorization", NotificationEnv.SOURCE);
    assertThat(response.status()).as(response.body()).isBetween(200, 201);
  }

  private static void postLongTermSick(String unit, String period, double value) {
    Http.Response response = http.postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", "antal-langtidssjukskrivna").put("orgUnit", unit).put("period", period).put("value", value),
        "Authorization", NotificationEnv.SOURCE);
    assertThat(response.status()).as(response.body()).isBetween(200, 201);
  }

  private static void post(String unit, String period, double value) {
    Http.Response response = http.postJson("/api/v1/measurements", new JsonObject().put("indicator", VANTETID)
        .put("orgUnit", unit).put("period", period).put("value", value), "Authorization", NotificationEnv.SOURCE);
    assertThat(response.status()).as(response.body()).isBetween(200, 201);
  }

  private static List<JsonObject> alerts(String unit) {
    return http.get("/api/v1/alerts?indicator=" + VANTETID + "&orgUnit=" + unit, "Authorization",
        NotificationEnv.SOURCE).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> "breach".equals(a.getString("kind"))).toList();
  }

  private static JsonObject onlyAlert(String unit) {
    List<JsonObject> alerts = alerts(unit);
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  private static List<String> verdicts(String recipient) {
    return subjects(recipient).stream().map(subject -> subject.substring(0, subject.indexOf(':'))).toList();
  }

  private static List<String> subjects(String recipient) {
    return mailbox.to(recipient).stream().map(m -> {
      try {
        return m.getSubject();
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String text(MimeMessage message) throws MessagingException, IOException {
    return part(message, "text/plain");
  }

  private static String html(MimeMessage message) throws MessagingException, IOException {
    return part(message, "text/html");
  }

  private static String part(MimeMessage message, String type) throws MessagingException, IOException {
    MimeMultipart multipart = (MimeMultipart) message.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType(type)) {
        return (String) part.getContent();
      }
    }
    throw new AssertionError("no " + type + " part");
  }
}
