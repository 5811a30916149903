package se.indikatorvakt.notification;

import io.vertx.ext.mail.SMTPException;
import java.util.concurrent.TimeoutException;

/**
 * Why a send failed, as far as it decides what happens next. Only answers in which the SMTP server refuses the
 * message count towards {@code notification.maxAttempts}: a server that cannot be reached (down, refusing
 * connections, too slow, closing with 421) says nothing about the message, and its mail waits for it up to
 * {@code notification.giveUpAfter}.
 */
record SendFailure(Kind kind, String detail) {
  enum Kind {
    TEMPORARY("temporary-failure"), PERMANENT("permanent-failure"), UNREACHABLE("unreachable");

    private final String outcome;

    Kind(String outcome) {
      this.outcome = outcome;
    }

    /** The outcome recorded in notification_attempt. */
    String outcome() {
      return outcome;
    }
  }

  private static final int MAX_DETAIL = 500;
  private static final int SERVICE_NOT_AVAILABLE = 421;

  boolean countsAsRejection() {
    return kind != Kind.UNREACHABLE;
  }

  static SendFailure of(Throwable error) {
    if (error instanceof SMTPException smtp && smtp.getReplyCode() != SERVICE_NOT_AVAILABLE
        && smtp.getReplyCode() >= 400) {
      return new SendFailure(smtp.isPermanent() ? Kind.PERMANENT : Kind.TEMPORARY, detail(error));
    }
    return new SendFailure(Kind.UNREACHABLE, detail(error));
  }

  private static String detail(Throwable error) {
    String text = error instanceof TimeoutException ? "no answer within smtp.sendTimeout: " + error.getMessage()
        : error.getClass().getSimpleName() + ": " + error.getMessage();
    String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) : oneLine;
  }
}
