package se.indikatorvakt.notification;

/** Why a queued email was not sent: what it says is no longer true, or its recipient was never told the alarm. */
public enum DropReason {
  SILENCED("silenced"),
  ACKNOWLEDGED("acknowledged"),
  CLOSED("closed"),
  NOT_TOLD("not-told");

  private final String code;

  DropReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
