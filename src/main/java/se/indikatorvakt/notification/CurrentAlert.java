package se.indikatorvakt.notification;

import java.time.Instant;
import java.util.Optional;

/**
 * An alert as it stands when an email about it is claimed: its state, its latest period as judged, and who took it.
 *
 * @param open pending or firing
 * @param severity warning, critical or missing-report
 * @param result the evaluation label of the latest period ("met", "partly-met", "not-met", "no-target")
 * @param closedBecause the cause of the transition that closed it ("recovered", "revision", "reported", ...)
 * @param acknowledgedBy "link:&lt;recipient&gt;" or "admin:&lt;key&gt;"
 * @param silencedUntil the end of a silence that covers it now
 */
public record CurrentAlert(long id, boolean open, String severity, String indicatorId, String orgUnitId,
    String gender, String period, Double value, String result, String targetText, Double targetValue,
    Double warningValue, String trend, Optional<Instant> firingSince, Optional<Instant> closedAt,
    Optional<String> closedBecause, Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy,
    Optional<String> acknowledgementComment, Optional<Instant> silencedUntil) {

  public boolean acknowledged() {
    return acknowledgedAt.isPresent();
  }
}
