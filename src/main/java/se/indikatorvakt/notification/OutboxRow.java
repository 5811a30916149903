package se.indikatorvakt.notification;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** An outbox row as a sender claimed it: what to tell whom, and how often it was tried already; and whose. */
record OutboxRow(long id, String recipient, String role, NotificationKind kind, long alertId, String orgUnit,
    JsonObject facts, int attempts, int rejections, Instant createdAt, boolean digest, String kommun) {}
