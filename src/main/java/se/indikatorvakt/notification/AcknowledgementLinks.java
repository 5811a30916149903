package se.indikatorvakt.notification;

/**
 * The signed, expiring link with which a recipient acknowledges an alert; alerting owns it
 * ({@code alerting.AckLinks.url}) and Wiring passes it in, so notification does not depend on alerting.
 */
@FunctionalInterface
public interface AcknowledgementLinks {
  String url(long alertId, String recipientEmail);
}
