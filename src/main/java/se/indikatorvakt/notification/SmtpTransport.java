package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import se.indikatorvakt.notification.SmtpSettings.SmtpSecurity;

/**
 * SMTP through one MailClient of this instance's own ({@code create}, not {@code createShared}: a shared pool keeps
 * the first configuration it was made with and cannot be closed to make a new one), closed on stop.
 *
 * <p>Every send has two limits: the future gives up after {@code smtp.sendTimeout}, and the connection's idle
 * timeout is the same, so a server that stops answering has its connection closed by the client too and cannot
 * still accept the message after the sender has already decided to retry it.
 */
final class SmtpTransport implements MailTransport {
  private final MailClient client;
  private final SmtpSettings smtp;

  /** @param ownHostname the name this host greets the server with (EHLO), see {@link #localHostname()} */
  SmtpTransport(Vertx vertx, SmtpSettings smtp, int connections, String ownHostname) {
    this.smtp = smtp;
    this.client = MailClient.create(vertx, config(smtp, connections).setOwnHostname(ownHostname));
  }

  /**
   * Blocking (a DNS lookup): call on a worker thread, once at start. Given to the client so that the first email
   * does not wait for the lookup, which the client would otherwise make on its first connection.
   */
  static String localHostname() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static MailConfig config(SmtpSettings smtp, int connections) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, smtp.sendTimeout().toMillis());
    MailConfig config = new MailConfig()
        .setHostname(smtp.host().orElseThrow())
        .setPort(smtp.port())
        .setSsl(smtp.security() == SmtpSecurity.TLS)
        .setStarttls(smtp.security() == SmtpSecurity.STARTTLS ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setKeepAlive(true)
        .setMaxPoolSize(connections)
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (smtp.security() != SmtpSecurity.NONE) {
      config.setHostnameVerificationAlgorithm("HTTPS");
    }
    if (smtp.username().isPresent()) {
      config.setLogin(LoginOption.REQUIRED)
          .setUsername(smtp.username().get())
          .setPassword(smtp.password().orElse(""));
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  @Override
  public Future<Void> send(OutgoingMail mail) {
    return client.sendMail(mail.toMailMessage(smtp))
        .timeout(smtp.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  @Override
  public String successOutcome() {
    return "sent";
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
