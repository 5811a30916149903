package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/** Without an SMTP server (the local default) every email is written as an .eml file a mail program opens. */
class EmlFilesTest {

  @Test
  void withoutAnSmtpHostTheEmailIsWrittenAsAnEmlFileWithTheSameContent() throws Exception {
    String manager = "enhetschef.daglig-verksamhet@kalmar.example";
    DatabaseUrl database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    Path folder = Path.of(env.get("INDIKATORVAKT_SMTP_EML_DIR"));
    try (TestService service = TestService.start(env); OutboxFixture outbox = new OutboxFixture(env)) {
      outbox.enqueue(Requests.firing(manager, 134));

      Http.await("an .eml file", Duration.ofSeconds(10), () -> files(folder).size() == 1);
      MimeMessage mail;
      try (InputStream in = Files.newInputStream(files(folder).get(0))) {
        mail = new MimeMessage(Session.getInstance(new Properties()), in);
      }
      assertThat(files(folder).get(0).getFileName().toString()).contains(manager).endsWith(".eml");
      assertThat(mail.getSubject()).startsWith("Ej uppfyllt: Väntetid daglig verksamhet");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(manager);
      assertThat(mail.isMimeType("multipart/alternative")).isTrue();
      Http.await("the row marked written", Duration.ofSeconds(5), () -> outbox.attempts(manager).contains("written"));
      assertThat(outbox.count("sent")).isEqualTo(1);
    } finally {
      TestDatabases.drop(database);
    }
  }

  private static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> p.toString().endsWith(".eml")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
