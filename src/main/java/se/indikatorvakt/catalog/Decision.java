package se.indikatorvakt.catalog;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/** Who decided a målvärde and when: the nämnd, and the date and paragraph where the document gives them. */
public record Decision(String body, Optional<LocalDate> date, Optional<String> paragraph) {
  public Decision {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(paragraph, "paragraph");
  }
}
