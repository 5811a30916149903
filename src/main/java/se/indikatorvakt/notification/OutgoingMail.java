package se.indikatorvakt.notification;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import java.util.Optional;
import se.indikatorvakt.catalog.Kommun;

/**
 * One email ready to go. The same {@link MailMessage} is sent over SMTP or written as an .eml file, so a file shows
 * exactly what would have been sent. Subject, From and Reply-To are encoded here (see {@link MimeHeaders}) and
 * replace the mail client's own; the Message-ID is ours so that a log line, the outbox row and the received mail
 * can be matched. A manager hears from their own kommun: its sender (kommun.yaml) replaces smtp.from and
 * smtp.replyTo, which stay the installation's fallback.
 */
record OutgoingMail(String to, MailContent content, String messageId, Optional<Kommun.Sender> sender) {

  MailMessage toMailMessage(SmtpSettings smtp) {
    String from = sender.map(Kommun.Sender::from).orElse(smtp.from());
    Optional<String> replyTo = sender.isPresent() ? sender.get().replyTo() : smtp.replyTo();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set("Subject", MimeHeaders.unstructured("Subject", content.subject()))
        .set("From", MimeHeaders.mailbox(from))
        .set("Message-ID", messageId);
    replyTo.ifPresent(address -> headers.set("Reply-To", MimeHeaders.mailbox(address)));
    return new MailMessage()
        .setFrom(MimeHeaders.address(from))
        .setTo(MimeHeaders.address(to))
        .setSubject(content.subject())
        .setText(content.text())
        .setHtml(content.html())
        .setHeaders(headers);
  }
}
