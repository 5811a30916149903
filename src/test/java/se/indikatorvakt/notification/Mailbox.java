package se.indikatorvakt.notification;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server for the tests (GreenMail on 127.0.0.1, a free port chosen by the system, reusable). */
final class Mailbox implements AutoCloseable {
  private final int port;
  private GreenMail server;

  private Mailbox(int port) {
    this.port = port;
  }

  static Mailbox start() {
    return start(GreenMailConfiguration.aConfig());
  }

  /** With a configuration, e.g. a user whose password the service does not know. */
  static Mailbox start(GreenMailConfiguration configuration) {
    GreenMail probe = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
        .withConfiguration(configuration);
    probe.start();
    Mailbox mailbox = new Mailbox(probe.getSmtp().getPort());
    mailbox.server = probe;
    return mailbox;
  }

  int port() {
    return port;
  }

  /** Stops the server: connections to its port are refused until {@link #restart()}. */
  void stop() {
    server.stop();
  }

  /** A new server on the same port, as a mail server coming back after an outage. */
  void restart() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  MimeMessage[] received() {
    return server.getReceivedMessages();
  }

  List<MimeMessage> to(String recipient) {
    return Arrays.stream(received()).filter(message -> addressedTo(message, recipient)).toList();
  }

  private static boolean addressedTo(MimeMessage message, String recipient) {
    try {
      Address[] to = message.getRecipients(Message.RecipientType.TO);
      return to != null && Arrays.stream(to).anyMatch(address -> address.toString().contains(recipient));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
