package se.indikatorvakt.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The daily cap's calendar: which local day an email counts against, and when the digest of what the cap held back
 * goes out (the next {@code digestHour}:00 local time, so a manager finds it at the start of a working day).
 */
record DailyCap(int perRecipient, ZoneId zone, int digestHour) {

  LocalDate dayOf(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }

  Instant nextDigest(Instant after) {
    ZonedDateTime local = after.atZone(zone);
    ZonedDateTime today = local.toLocalDate().atTime(digestHour, 0).atZone(zone);
    return (today.isAfter(local) ? today : local.toLocalDate().plusDays(1).atTime(digestHour, 0).atZone(zone))
        .toInstant();
  }
}
