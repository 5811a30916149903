package se.indikatorvakt.notification;

import io.vertx.core.json.JsonObject;

/**
 * One email the alert lifecycle wants sent. {@code facts} is a snapshot taken when the alert changed, so the mail
 * describes the moment it was caused, not a later one. Keys the templates read (absent ones are looked up in the
 * catalog or left out):
 * <ul>
 *   <li>{@code indicatorId}, {@code indicatorName}, {@code unit} (catalog unit code, e.g. "dagar")</li>
 *   <li>{@code gender} ("T", "K", "M"), {@code period} (notation, e.g. "2022-T1")</li>
 *   <li>{@code value} (number), {@code target} (text, e.g. "≤ 90 dagar"), {@code targetValue}, {@code warningValue}
 *       (numbers)</li>
 *   <li>{@code result} (evaluation label: "met", "partly-met", "not-met", "no-target"), {@code severity}
 *       ("warning", "critical"), {@code trend} ("better", "unchanged", "worse")</li>
 *   <li>{@code escalatedFrom} ({@code {"role": ..., "email": ...}}) and {@code escalatedAfter} (ISO-8601 duration)
 *       for escalations; {@code firingSince} (ISO-8601 instant) where known</li>
 * </ul>
 * {@code dedupeKey} is unique per intended mail (e.g. "alert:42:firing:1"), so a retried transaction never doubles it.
 */
public record NotificationRequest(long alertId, NotificationKind kind, String recipientEmail, String recipientRole,
    String orgUnit, JsonObject facts, String dedupeKey) {}
