package se.indikatorvakt.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Durations and times written the way a Swedish manager reads them: 7 dagar och 4 timmar (numbers: SwedishNumbers). */
final class SwedishText {
  private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d MMMM yyyy 'kl.' HH:mm", SWEDISH);

  private SwedishText() {}

  /** "7 dagar", "1 dag och 12 timmar", "45 minuter"; never empty (less than a minute is "mindre än en minut"). */
  static String duration(Duration duration) {
    long days = duration.toDays();
    long hours = duration.toHoursPart();
    long minutes = duration.toMinutesPart();
    List<String> parts = new ArrayList<>();
    if (days > 0) {
      parts.add(days + (days == 1 ? " dag" : " dagar"));
    }
    if (hours > 0) {
      parts.add(hours + (hours == 1 ? " timme" : " timmar"));
    }
    if (minutes > 0 && days == 0) {
      parts.add(minutes + (minutes == 1 ? " minut" : " minuter"));
    }
    if (parts.isEmpty()) {
      return "mindre än en minut";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " och " + parts.get(parts.size() - 1);
  }

  static String dateTime(Instant instant, ZoneId zone) {
    return DATE_TIME.format(instant.atZone(zone));
  }

}
