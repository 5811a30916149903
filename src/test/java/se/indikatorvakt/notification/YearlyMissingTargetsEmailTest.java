package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.support.TestClock;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The yearly list of lapsed målvärden to each kommun's catalog owner, end to end: two instances of the real service
 * on one database, both ticking their schedulers, GreenMail receiving. The catalog is the shipped one with Kalmar's
 * årsmål 2022 (tertialrapport 000_63e6c9868031b1b7.txt rad 434, 447-475) kept to 2026, as a nämnd that set them for
 * one more year would have them: in January 2027 they are missing. The other kommuner's standing targets lapse
 * nowhere, so their owners hear nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YearlyMissingTargetsEmailTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final String KALMAR_OWNER = "kvalitetsledare.soc@kalmar.example";
  private static final String ESKILSTUNA_OWNER = "kvalitetsenheten@eskilstuna.example";
  /** 23:00 on New Year's Eve in Stockholm. */
  private static final TestClock CLOCK = TestClock.stoppedAt(Instant.parse("2026-12-31T22:00:00Z"));

  private static DatabaseUrl database;
  private static Mailbox mailbox;
  private static Map<String, String> env;
  private static TestService first;
  private static TestService second;
  private static ProofDb db;

  @BeforeAll
  static void start() throws IOException {
    Path config = ShippedConfig.copy("yearly-missing-targets");
    Path kalmar = config.resolve(ShippedConfig.KALMAR_CATALOG);
    String catalog = Files.readString(kalmar, StandardCharsets.UTF_8);
    assertThat(catalog).contains("until: \"2022\"");
    Files.writeString(kalmar, catalog.replace("until: \"2022\"", "until: \"2026\""), StandardCharsets.UTF_8);
    database = TestDatabases.create();
    mailbox = Mailbox.start();
    env = NotificationEnv.withSmtp(database, mailbox.port());
    env.put("INDIKATORVAKT_CONFIG_DIR", config.toString());
    env.put("INDIKATORVAKT_ALERTING_SCHEDULER_INTERVAL", "PT0.2S");
    first = TestService.start(env, CLOCK);
    second = TestService.start(env, CLOCK);
    db = new ProofDb(database);
  }

  @AfterAll
  static void stop() {
    for (TestService service : new TestService[] {first, second}) {
      if (service != null) {
        service.close();
      }
    }
    if (mailbox != null) {
      mailbox.close();
    }
    TestDatabases.drop(database);
  }

  @Test
  @Order(1)
  void onNewYearsEveNothingIsDecidedYet() throws InterruptedException {
    ticks(5);
    assertThat(db.count("SELECT count(*) FROM missing_targets_list")).isZero();
    assertThat(mailbox.received()).isEmpty();
  }

  @Test
  @Order(2)
  void atTheFirstTickOfTheYearInStockholmTheCatalogOwnerGetsOneListInSwedish() throws Exception {
    CLOCK.set(Instant.parse("2026-12-31T23:00:05Z"));
    Http.await("the list to Kalmar's catalog owner and a decision for every kommun", WAIT,
        () -> mailbox.to(KALMAR_OWNER).size() == 1
            && db.count("SELECT count(*) FROM missing_targets_list WHERE year = 2027") == 4);
    MimeMessage list = mailbox.to(KALMAR_OWNER).get(0);
    assertThat(list.getSubject()).isEqualTo("Målvärde saknas för 2027: 3 indikatorer – Kalmar kommun")
        .hasSizeLessThanOrEqualTo(SubjectLine.MAX);
    assertThat(list.getFrom()[0].toString()).contains("indikatorvakt@kalmar.example");
    String installation = (String) db.rows("SELECT id::text AS id FROM installation").get(0).get("id");
    assertThat(list.getMessageID()).contains("." + installation + "@kalmar.example>");
    String text = part(list, "text/plain");
    assertThat(text)
        .contains("Du får det här mejlet som kvalitetsledare i Kalmar kommun")
        .contains("7 målvärden som gällde under 2026 saknas för 2027")
        .contains("Det betyder inte att målen är uppfyllda")
        .contains("Antal långtidssjukskrivna medarbetare – Verksamhetsområde barn och familj: ")
        .contains("gällde till och med december 2026")
        .contains("målvärdet topp 3 gällde till och med 2026")
        .contains("Lägg in nämndens målvärden för 2027 i katalogen")
        .contains("https://grafana.kalmar.example/d/maluppfyllelse-oversikt/maluppfyllelse-oversikt");
    assertThat(text.lines().filter(line -> line.startsWith("- "))).hasSize(7);
    assertThat(part(list, "text/html")).contains("<h2").contains("Målvärde saknas för 2027")
        .contains("december 2026");
    assertThat(db.rows("SELECT kommun, missing, recipient FROM missing_targets_list WHERE year = 2027 "
        + "ORDER BY kommun")).extracting(row -> row.get("kommun") + " " + row.get("missing") + " "
        + row.get("recipient"))
        .containsExactly("0484 0 null", "0880 7 " + KALMAR_OWNER, "1381 0 null", "1466 0 null");
  }

  @Test
  @Order(3)
  void moreTicksOnBothInstancesARestartAndTheNextDaySendNothingMore() throws Exception {
    ticks(5);
    CLOCK.set(Instant.parse("2027-01-02T07:00:00Z"));
    ticks(5);
    first.close();
    first = TestService.start(env, CLOCK);
    ticks(5);
    assertThat(mailbox.to(KALMAR_OWNER)).hasSize(1);
    assertThat(db.count("SELECT count(*) FROM outbox WHERE kind = 'yearly-targets-missing'")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM outbox WHERE kind = 'yearly-targets-missing' AND state = 'sent'"))
        .isEqualTo(1);
  }

  @Test
  @Order(4)
  void aKommunWithNothingMissingGetsNoEmail() {
    assertThat(mailbox.to(ESKILSTUNA_OWNER)).isEmpty();
    assertThat(mailbox.received()).as("the only email of the year is Kalmar's list").hasSize(1);
  }

  /** Both schedulers get this many chances to act; what they must not do cannot be awaited. */
  private static void ticks(int count) throws InterruptedException {
    Thread.sleep(TICK.toMillis() * count);
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
