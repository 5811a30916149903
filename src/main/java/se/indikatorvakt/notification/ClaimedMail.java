package se.indikatorvakt.notification;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows for one recipient that one instance claimed to send as one email.
 *
 * @param capDay the day whose daily-cap slot this email took; empty for digests, which the cap does not limit
 * @param alerts the alerts the rows are about, as they stood when the rows were claimed (absent: not an alert)
 */
record ClaimedMail(UUID token, String recipient, List<OutboxRow> rows, Optional<LocalDate> capDay,
    Map<Long, CurrentAlert> alerts) {
  boolean digest() {
    return capDay.isEmpty();
  }

  /** The kommun of its rows: a claim takes one kommun's rows only. */
  String kommun() {
    return rows.get(0).kommun();
  }

  List<Long> ids() {
    return rows.stream().map(OutboxRow::id).toList();
  }

  int maxAttempts() {
    return rows.stream().mapToInt(OutboxRow::attempts).max().orElse(1);
  }
}
