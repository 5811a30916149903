package se.indikatorvakt.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import se.indikatorvakt.catalog.Gender;

/**
 * A time-limited silence: alerts it matches still change state and are recorded, but email nobody. An absent
 * matcher matches anything; an org unit matches that unit and every unit below it (a reorganisation silences a
 * whole verksamhetsområde); a kön matcher matches only alerts of that kön, so never a missing report.
 */
public record Silence(long id, Optional<String> indicator, Optional<String> orgUnit, Optional<Gender> gender,
    Instant startsAt, Instant endsAt) {

  public boolean activeAt(Instant now) {
    return !startsAt.isAfter(now) && endsAt.isAfter(now);
  }

  /** @param unitChain the alert's unit and its ancestors up to the root */
  public boolean matches(String indicatorId, List<String> unitChain, Optional<Gender> alertGender) {
    return indicator.map(indicatorId::equals).orElse(true)
        && orgUnit.map(unitChain::contains).orElse(true)
        && gender.map(g -> alertGender.filter(g::equals).isPresent()).orElse(true);
  }

  /** The first silence active at {@code now} that matches. */
  public static Optional<Silence> matching(List<Silence> silences, String indicatorId, List<String> unitChain,
      Optional<Gender> alertGender, Instant now) {
    return silences.stream()
        .filter(s -> s.activeAt(now) && s.matches(indicatorId, unitChain, alertGender))
        .findFirst();
  }
}
