package se.indikatorvakt.notification;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;

/**
 * One email ready to go. The same {@link MailMessage} is sent over SMTP or written as an .eml file, so a file shows
 * exactly what would have been sent. Subject, From and Reply-To are encoded here (see {@link MimeHeaders}) and
 * replace the mail client's own; the Message-ID is ours so that a log line, the outbox row and the received mail
 * can be matched.
 */
record OutgoingMail(String to, MailContent content, String messageId) {

  MailMessage toMailMessage(SmtpSettings smtp) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set("Subject", MimeHeaders.unstructured("Subject", content.subject()))
        .set("From", MimeHeaders.mailbox(smtp.from()))
        .set("Message-ID", messageId);
    smtp.replyTo().ifPresent(replyTo -> headers.set("Reply-To", MimeHeaders.mailbox(replyTo)));
    return new MailMessage()
        .setFrom(MimeHeaders.address(smtp.from()))
        .setTo(MimeHeaders.address(to))
        .setSubject(content.subject())
        .setText(content.text())
        .setHtml(content.html())
        .setHeaders(headers);
  }
}
