package se.indikatorvakt.notification;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** Why a queued email was not sent: what it says is no longer true, or its recipient was never told the alarm. */
public enum DropReason implements Coded {
  SILENCED("silenced"),
  ACKNOWLEDGED("acknowledged"),
  CLOSED("closed"),
  NOT_TOLD("not-told");

  private final String code;

  DropReason(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<DropReason> fromCode(String code) {
    return Codes.find(DropReason.class, code);
  }
}
