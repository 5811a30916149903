package se.indikatorvakt.http.api.assessments;

import io.vertx.core.json.JsonObject;
import se.indikatorvakt.assessment.RecordedAssessment;
import se.indikatorvakt.evaluation.Assessment;

/** A bedömning as the API shows it: in full in its own history, and as a summary beside a computed verdict. */
public final class AssessmentJson {
  private AssessmentJson() {}

  /** Beside a computed {@code result}, never in its place: the verdict, motivation, who made it and when. */
  public static JsonObject summary(RecordedAssessment recorded) {
    Assessment a = recorded.assessment();
    return new JsonObject()
        .put("period", a.period())
        .put("result", a.verdict().code())
        .put("resultSwedish", a.verdict().swedish())
        .put("motivation", a.motivation())
        .put("by", a.assessedBy())
        .put("at", a.assessedAt().toString())
        .put("version", recorded.version());
  }

  /** One version with its subject and the key that recorded it. */
  public static JsonObject full(RecordedAssessment recorded) {
    Assessment.Subject subject = recorded.assessment().subject();
    return new JsonObject().put("id", recorded.id()).put("kommun", recorded.kommun())
        .put(subject.kind(), subject.id())
        .put("orgUnit", subject.orgUnit())
        .mergeIn(summary(recorded))
        .put("recordedBy", recorded.recordedBy());
  }
}
