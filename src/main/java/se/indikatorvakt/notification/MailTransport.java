package se.indikatorvakt.notification;

import io.vertx.core.Future;

/** Where emails go: an SMTP server, or .eml files when no server is configured. */
interface MailTransport {
  /** Succeeds once the message is accepted (by the server, or written); fails within the configured timeout. */
  Future<Void> send(OutgoingMail mail);

  /** The metrics and attempt outcome of a success: "sent" or "written". */
  String successOutcome();

  Future<Void> close();
}
