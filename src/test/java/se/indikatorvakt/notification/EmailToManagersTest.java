package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * The service mailing a real SMTP server (GreenMail), each alert at once (grouping window 0): what a manager
 * receives, parsed as a mail program would, and what happens when the server is away for a while.
 */
class EmailToManagersTest {
  private static Mailbox mailbox;
  private static OutboxFixture outbox;
  private static Http api;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension
      .withEnv(database -> NotificationEnv.withSmtp(database, mailbox.port()))
      .withCompanion(() -> mailbox = Mailbox.start());

  @BeforeAll
  static void start() {
    outbox = new OutboxFixture(SERVICE.env());
    api = SERVICE.api();
  }

  @AfterAll
  static void stop() {
    outbox.close();
  }

  @Test
  void aBreachIsMailedInSwedishAsPlainTextAndHtmlWithCorrectlyEncodedHeaders() throws Exception {
    String manager = "enhetschef.encoding@kalmar.example";

    outbox.enqueue(Requests.firing(manager, 134));

    MimeMessage mail = await(manager, 1).get(0);
    assertThat(mail.getSubject())
        .isEqualTo("Ej uppfyllt: Väntetid daglig verksamhet 134 d (mål högst 90) – DV LSS och SoL");
    // the manager hears from their own kommun (kommun.yaml's sender), not from the installation's smtp.from
    InternetAddress from = (InternetAddress) mail.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("Socialförvaltningen i Kalmar");
    assertThat(from.getAddress()).isEqualTo("indikatorvakt@kalmar.example");
    InternetAddress replyTo = (InternetAddress) mail.getReplyTo()[0];
    assertThat(replyTo.getAddress()).isEqualTo("socialforvaltningen@kalmar.example");
    assertThat(mail.getMessageID()).startsWith("<indikatorvakt.").endsWith("@kalmar.example>");
    assertThat(mail.isMimeType("multipart/alternative")).isTrue();
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    Part text = parts.getBodyPart(0);
    Part html = parts.getBodyPart(1);
    assertThat(text.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=utf-8");
    assertThat(html.getContentType()).containsIgnoringCase("text/html").containsIgnoringCase("charset=utf-8");
    assertThat((String) text.getContent()).contains("Värdet för tertial 1 2022 är 134 dagar", "Vad indikatorn mäter",
        "var-indikator=vantetid-daglig-verksamhet&var-enhet=daglig-verksamhet&var-kon=T");
    assertThat((String) html.getContent()).contains("<strong>134 dagar</strong>", "Jag hanterar detta");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    mail.writeTo(raw);
    long nonAscii = raw.toString(StandardCharsets.ISO_8859_1).chars().filter(c -> c > 127).count();
    assertThat(nonAscii).as("7-bit transport: every non-ASCII character is encoded").isZero();
  }

  @Test
  void aValueWithMarkupIsEscapedInTheHtmlPart() throws Exception {
    String manager = "enhetschef.escaping@kalmar.example";

    outbox.enqueue(Requests.request(NotificationKind.FIRING, manager,
        Requests.breach(134).put("indicatorId", "okand").put("indicatorName", "<b>90</b> & \"mindre\"")));

    Multipart parts = (Multipart) await(manager, 1).get(0).getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(html).contains("&lt;b&gt;90&lt;/b&gt; &amp; &quot;mindre&quot;").doesNotContain("<b>90</b>");
    assertThat((String) parts.getBodyPart(0).getContent()).contains("<b>90</b> & \"mindre\"");
  }

  /** At once, not after a window (default 30 s); AlertEmailLatencyBench measures how fast on a quiet machine. */
  @Test
  void withGroupingWindowZeroABreachIsMailedAtOnce() {
    String manager = "enhetschef.latency@kalmar.example";
    long start = System.nanoTime();

    outbox.enqueue(Requests.firing(manager, 134));

    await(manager, 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aResolvedAlertIsMailedAsÅterUppfyllt() throws Exception {
    String manager = "enhetschef.resolved@kalmar.example";

    outbox.enqueue(Requests.request(NotificationKind.RESOLVED, manager, Requests.breach(80)));

    MimeMessage mail = await(manager, 1).get(0);
    assertThat(mail.getSubject()).startsWith("Åter uppfyllt: Väntetid daglig verksamhet");
  }

  @Test
  void theSameRequestEnqueuedTwiceIsMailedOnce() {
    String manager = "enhetschef.dedupe@kalmar.example";
    NotificationRequest request = Requests.firing(manager, 134);

    outbox.enqueue(request);
    outbox.enqueue(request);
    outbox.enqueue(Requests.firing("enhetschef.after-dedupe@kalmar.example", 134));

    // the emails of one claim go out side by side: the one enqueued after may arrive first
    await(manager, 1);
    await("enhetschef.after-dedupe@kalmar.example", 1);
    assertThat(mailbox.to(manager)).hasSize(1);
  }

  @Test
  void mailQueuedWhileTheServerIsDownIsDeliveredOnceWhenItReturns() {
    String manager = "enhetschef.outage@kalmar.example";
    mailbox.stop();
    try {
      outbox.enqueue(Requests.firing(manager, 134));
      Http.await("two failed attempts while SMTP is down", Duration.ofSeconds(10),
          () -> outbox.attempts(manager).stream().filter("unreachable"::equals).count() >= 2);
    } finally {
      mailbox.restart();
    }

    await(manager, 1);
    Http.await("the row marked sent", Duration.ofSeconds(5), () -> outbox.attempts(manager).contains("sent"));
    assertThat(mailbox.to(manager)).hasSize(1);
    assertThat(outbox.attempts(manager)).last().isEqualTo("sent");
  }

  @Test
  void administratorsSeeTheOutboxByStatePageByPage() {
    outbox.enqueue(Requests.firing("enhetschef.list-1@kalmar.example", 134),
        Requests.firing("enhetschef.list-2@kalmar.example", 140));
    await("enhetschef.list-2@kalmar.example", 1);
    Http.await("both rows sent", Duration.ofSeconds(5),
        () -> outbox.attempts("enhetschef.list-1@kalmar.example").contains("sent"));

    Http.Response first = api.get("/api/v1/notifications?state=sent&limit=1", "Authorization", NotificationEnv.ADMIN);
    assertThat(first.status()).isEqualTo(200);
    JsonObject page = first.json();
    assertThat(page.getJsonArray("items")).hasSize(1);
    JsonObject item = page.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("state")).isEqualTo("sent");
    assertThat(item.getString("kind")).isEqualTo("firing");
    assertThat(item.getString("indicatorId")).isEqualTo(Requests.INDICATOR);
    assertThat(item.getString("messageId")).startsWith("<indikatorvakt.");
    Http.Response second = api.get("/api/v1/notifications?state=sent&limit=1&cursor=" + page.getString("next"),
        "Authorization", NotificationEnv.ADMIN);
    assertThat(second.json().getJsonArray("items").getJsonObject(0).getLong("id")).isLessThan(item.getLong("id"));
    Http.Response one = api.get("/api/v1/notifications/" + item.getLong("id"), "Authorization", NotificationEnv.ADMIN);
    assertThat(one.json().getJsonArray("attemptHistory").getJsonObject(0).getString("outcome")).isEqualTo("sent");

    assertThat(api.get("/api/v1/notifications?state=exploded", "Authorization", NotificationEnv.ADMIN).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/notifications?limit=0", "Authorization", NotificationEnv.ADMIN).status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/notifications/999999", "Authorization", NotificationEnv.ADMIN).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/notifications").status()).isEqualTo(401);
    assertThat(api.get("/api/v1/notifications", "Authorization", NotificationEnv.SOURCE).status()).isEqualTo(403);
  }

  private static List<MimeMessage> await(String recipient, int count) {
    Http.await(count + " email(s) to " + recipient, Duration.ofSeconds(10),
        () -> mailbox.to(recipient).size() >= count);
    return mailbox.to(recipient);
  }
}
