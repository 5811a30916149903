package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Who answers for a unit during a time, by role and a role-based address.
 *
 * @param validTo the last day, inclusive; empty while the assignment lasts
 */
public record Manager(String role, String email, LocalDate validFrom, Optional<LocalDate> validTo) {

  public boolean isValidOn(LocalDate day) {
    return !day.isBefore(validFrom) && validTo.map(last -> !day.isAfter(last)).orElse(true);
  }
}
