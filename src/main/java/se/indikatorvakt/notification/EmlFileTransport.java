package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local default when no SMTP host is configured: each email becomes an .eml file (the full MIME message, with
 * CRLF line ends, encoded by the same encoder the SMTP client uses) that any mail program opens. File I/O goes
 * through Vert.x's asynchronous file system, which runs it on a worker thread.
 */
final class EmlFileTransport implements MailTransport {
  private static final Logger LOG = LoggerFactory.getLogger(EmlFileTransport.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final SmtpSettings smtp;
  private final Path folder;
  private final Clock clock;

  EmlFileTransport(Vertx vertx, SmtpSettings smtp, Clock clock) {
    this.vertx = vertx;
    this.smtp = smtp;
    this.folder = smtp.emlDir().toAbsolutePath();
    this.clock = clock;
  }

  Future<Void> start() {
    return vertx.fileSystem().mkdirs(folder.toString())
        .onSuccess(v -> LOG.info("No SMTP host configured (smtp.host): emails are written as .eml files to {}",
            folder));
  }

  @Override
  public Future<Void> send(OutgoingMail mail) {
    String mime = new MailEncoder(mail.toMailMessage(smtp), domainOf(smtp.from())).encode()
        .replace("\r\n", "\n").replace("\n", "\r\n");
    Path file = folder.resolve(STAMP.format(clock.instant()) + "-" + safe(MimeHeaders.address(mail.to())) + "-"
        + safe(mail.messageId()) + ".eml");
    // written beside it under another name and then renamed: a mail program watching the folder never opens half
    // an email, and a crash in between leaves no .eml file
    Path part = file.resolveSibling(file.getFileName() + ".part");
    return vertx.fileSystem().writeFile(part.toString(), Buffer.buffer(mime.getBytes(StandardCharsets.UTF_8)))
        .compose(written -> vertx.fileSystem().move(part.toString(), file.toString(),
            new CopyOptions().setAtomicMove(true).setReplaceExisting(true)))
        .timeout(smtp.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String successOutcome() {
    return "written";
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private static String domainOf(String from) {
    String address = MimeHeaders.address(from);
    int at = address.lastIndexOf('@');
    return at >= 0 ? address.substring(at + 1) : "localhost";
  }

  /** File names from addresses and ids: only characters every file system accepts. */
  private static String safe(String text) {
    return text.replaceAll("[^A-Za-z0-9@._-]", "");
  }
}
