package se.indikatorvakt.alerting;

import java.util.Optional;
import se.indikatorvakt.text.Coded;
import se.indikatorvakt.text.Codes;

/** What an audit event records; {@link Cause} says why it happened. */
public enum EventKind implements Coded {
  TRANSITION("transition"),
  SEVERITY_CHANGE("severity-change"),
  ACKNOWLEDGEMENT("acknowledgement"),
  ESCALATION("escalation"),
  REMINDER("reminder"),
  FIRST_NOTICE("first-notice"),
  SILENCE_CREATED("silence-created"),
  SILENCE_ENDED("silence-ended"),
  SILENCE_EXPIRED("silence-expired"),
  NOTICE_DROPPED("notice-dropped"),
  TARGET_MISSING("target-missing");

  private final String code;

  EventKind(String code) {
    this.code = code;
  }

  /** The spelling in {@code alert_event.kind} and the API. */
  @Override
  public String code() {
    return code;
  }

  public static Optional<EventKind> fromCode(String code) {
    return Codes.find(EventKind.class, code);
  }
}
