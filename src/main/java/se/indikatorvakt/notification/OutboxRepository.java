package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.text.Codes;

/** Every SQL statement of the notification module. */
public final class OutboxRepository {
  private static final String INSERT = """
      INSERT INTO outbox (kommun, dedupe_key, recipient, role, kind, alert_id, org_unit, facts, state, next_attempt_at,
                          not_before, created_at)
      VALUES ($10, $1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $8)
      ON CONFLICT (kommun, dedupe_key) DO NOTHING""";

  /** $1: the kommuner of the new rows ({@link #kommunerOf}), so that a sender claims theirs without asking first. */
  private static final String NOTIFY = "SELECT pg_notify('" + ChangeFeed.OUTBOX + "', $1)";
  private static final Pattern KOMMUN = Pattern.compile("[0-9]{4}");

  /**
   * Claims the oldest due recipients' rows. A recipient is due when one of its rows is due (its grouping window has
   * passed, or its retry time, a takeover of an expired claim, or its digest time); then every row of that recipient
   * that is not backing off from a failure is claimed with it, even rows whose own window is still open, and goes
   * into the same email ({@link #emails}). SKIP LOCKED lets several instances claim side by side without waiting for
   * or taking each other's rows. Run in one kommun's scope: an email never holds two kommuner' rows.
   */
  private static final String CLAIM = """
      WITH due AS (
        SELECT recipient FROM outbox
        WHERE (state = 'pending' AND next_attempt_at <= $1 AND not_before <= $1)
           OR (state = 'sending' AND lease_until <= $1)
           OR (state = 'folded' AND digest_due_at <= $1)
        GROUP BY recipient
        ORDER BY min(created_at)
        LIMIT $2
      ), picked AS (
        SELECT o.id FROM outbox o JOIN due ON due.recipient = o.recipient
        WHERE (o.state = 'pending' AND o.next_attempt_at <= $1)
           OR (o.state = 'sending' AND o.lease_until <= $1)
           OR (o.state = 'folded' AND o.digest_due_at <= $1)
        ORDER BY o.id
        LIMIT $5
        FOR UPDATE OF o SKIP LOCKED
      )
      UPDATE outbox SET state = 'sending', claim_token = $3, lease_until = $4, attempts = attempts + 1
      FROM picked WHERE outbox.id = picked.id
      RETURNING outbox.id, outbox.recipient, outbox.role, outbox.kind, outbox.alert_id, outbox.org_unit,
                outbox.facts, outbox.attempts, outbox.rejections, outbox.created_at, outbox.digest, outbox.kommun""";

  /** The kommuner with rows that a claim would take now. */
  private static final String DUE_KOMMUNER = """
      SELECT DISTINCT kommun FROM outbox
      WHERE (state = 'pending' AND next_attempt_at <= $1 AND not_before <= $1)
         OR (state = 'sending' AND lease_until <= $1)
         OR (state = 'folded' AND digest_due_at <= $1)""";

  /**
   * Takes one of the recipient's emails for the day, unless the cap is reached (then no row comes back). Each
   * kommun counts its own emails: one kommun's alarms cannot use up the cap of a manager another kommun emails.
   */
  private static final String TAKE_DAILY_SLOT = """
      INSERT INTO notification_daily_count (kommun, recipient, day, emails) VALUES ($4, $1, $2, 1)
      ON CONFLICT (kommun, recipient, day) DO UPDATE SET emails = notification_daily_count.emails + 1
      WHERE notification_daily_count.emails < $3
      RETURNING emails""";

  private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO off";

  private static final String RETURN_DAILY_SLOT = """
      UPDATE notification_daily_count SET emails = emails - 1
      WHERE recipient = $1 AND day = $2 AND emails > 0""";

  private static final String FOLD = """
      WITH folded AS (
        UPDATE outbox SET state = 'folded', digest = true, digest_due_at = $2, claim_token = NULL, lease_until = NULL,
                          attempts = attempts - 1, last_outcome = 'folded'
        WHERE id = ANY($1) AND claim_token = $4
        RETURNING kommun, id)
      INSERT INTO notification_attempt (kommun, outbox_id, attempted_at, outcome)
      SELECT kommun, id, $3, 'folded' FROM folded""";

  private static final String DELIVERED = """
      WITH done AS (
        UPDATE outbox SET state = 'sent', sent_at = $3, message_id = $4, claim_token = NULL, lease_until = NULL,
                          last_outcome = $5, last_error = NULL
        WHERE id = ANY($1) AND claim_token = $2
        RETURNING kommun, id)
      INSERT INTO notification_attempt (kommun, outbox_id, attempted_at, outcome, message_id)
      SELECT kommun, id, $3, $5, $4 FROM done""";

  private static final String FAILED = """
      WITH failed AS (
        UPDATE outbox SET
          rejections = rejections + $4::int,
          state = CASE WHEN rejections + $4::int >= $5::int OR created_at <= $6 THEN 'dead' ELSE 'pending' END,
          next_attempt_at = $7, last_outcome = $8, last_error = $9, claim_token = NULL, lease_until = NULL
        WHERE id = ANY($1) AND claim_token = $2
        RETURNING kommun, id, state),
      logged AS (
        INSERT INTO notification_attempt (kommun, outbox_id, attempted_at, outcome, error)
        SELECT kommun, id, $3, $8, $9 FROM failed)
      SELECT state FROM failed""";

  /** After a send succeeds: mail that waits only because the server was unreachable need not wait any longer. */
  private static final String RETRY_UNREACHABLE_NOW = """
      UPDATE outbox SET next_attempt_at = $1
      WHERE state = 'pending' AND next_attempt_at > $1 AND last_outcome = 'unreachable'""";

  private static final String NEXT_DUE = """
      SELECT least(
        (SELECT min(greatest(next_attempt_at, not_before)) FROM outbox WHERE state = 'pending'),
        (SELECT min(lease_until) FROM outbox WHERE state = 'sending'),
        (SELECT min(digest_due_at) FROM outbox WHERE state = 'folded')) AS due""";

  /**
   * The last periods of several series at once, one query per email however many alerts it lists (a
   * query per row would put hundreds of waiters on the pool for one grouped email). The kommun ($6) is named so that
   * measurement_series, which leads with it, hands out the newest periods first.
   */
  private static final String HISTORY = """
      SELECT k.ord, h.period, h.value, h.result
      FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) WITH ORDINALITY
           AS k(indicator_id, org_unit_id, gender, up_to, ord)
      CROSS JOIN LATERAL (
        SELECT m.period, m.value, m.result, m.period_start FROM measurement m
        WHERE m.kommun = $6 AND m.indicator_id = k.indicator_id AND m.org_unit_id = k.org_unit_id
          AND m.gender = k.gender AND m.period_start <= k.up_to
        ORDER BY m.period_start DESC
        LIMIT $5) h
      ORDER BY k.ord, h.period_start""";

  /** Stored values of given periods of several series, for what a trend compares with. */
  private static final String VALUES_AT = """
      SELECT k.ord, m.value
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
           AS k(indicator_id, org_unit_id, gender, period, ord)
      JOIN measurement m ON m.indicator_id = k.indicator_id AND m.org_unit_id = k.org_unit_id
                        AND m.gender = k.gender AND m.period = k.period""";

  private static final String LIST = """
      SELECT id, dedupe_key, recipient, role, kind, alert_id, org_unit, facts ->> 'indicatorId' AS indicator_id,
             facts ->> 'period' AS period, state, attempts, rejections, created_at, not_before, next_attempt_at,
             digest, digest_due_at, sent_at, message_id, last_outcome, last_error
      FROM outbox
      WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC
      LIMIT $3""";

  private static final String ONE = """
      SELECT id, dedupe_key, recipient, role, kind, alert_id, org_unit, facts ->> 'indicatorId' AS indicator_id,
             facts ->> 'period' AS period, state, attempts, rejections, created_at, not_before, next_attempt_at,
             digest, digest_due_at, sent_at, message_id, last_outcome, last_error
      FROM outbox WHERE id = $1""";

  private static final String ATTEMPTS = """
      SELECT a.attempted_at, a.outcome, a.error, a.message_id FROM notification_attempt a
      JOIN outbox o ON o.kommun = a.kommun AND o.id = a.outbox_id
      WHERE o.id = $1 ORDER BY a.id""";

  private static final String INSTALLATION = "SELECT id::text FROM installation";

  /** Alarms count as told once sent (or written); a dropped or dead one told nobody. */
  private static final String ALARMS_SENT = """
      SELECT DISTINCT alert_id, lower(recipient) AS recipient FROM outbox
      WHERE alert_id = ANY($1::bigint[]) AND state = 'sent'
        AND kind IN ('firing', 'reminder', 'escalation', 'missing-report')""";

  /** The claim is undone for these rows (attempts as before), and the drop recorded as an attempt with its reason. */
  private static final String DROP = """
      WITH dropped AS (
        UPDATE outbox o SET state = 'dropped', claim_token = NULL, lease_until = NULL, attempts = o.attempts - 1,
                            last_outcome = 'dropped', last_error = d.reason
        FROM unnest($1::bigint[], $2::text[]) AS d(id, reason)
        WHERE o.id = d.id AND o.claim_token = $3
        RETURNING o.kommun, o.id, d.reason)
      INSERT INTO notification_attempt (kommun, outbox_id, attempted_at, outcome, error)
      SELECT kommun, id, $4, 'dropped', reason FROM dropped""";

  private final Pool pool;
  private final Pool sending;
  private final Function<String, Optional<String>> kommunOfUnit;
  private final Supplier<Collection<String>> kommuner;

  /**
   * @param pool the shared pool, for the API's reads
   * @param sending the sender's own connections: claims, trend reads and above all marking a row sent, which must
   *     not wait behind ingest (until it commits, an instance that dies sends that email again)
   * @param kommunOfUnit the kommun of an org unit (the catalog's): an email belongs to the kommun of its unit
   * @param kommuner every kommun of the installation, for the questions asked across them all
   */
  OutboxRepository(Pool pool, Pool sending, Function<String, Optional<String>> kommunOfUnit,
      Supplier<Collection<String>> kommuner) {
    this.pool = pool;
    this.sending = sending;
    this.kommunOfUnit = kommunOfUnit;
    this.kommuner = kommuner;
  }

  OutboxRepository(Pool pool, Function<String, Optional<String>> kommunOfUnit,
      Supplier<Collection<String>> kommuner) {
    this(pool, pool, kommunOfUnit, kommuner);
  }

  /** In the caller's transaction: the rows, then a NOTIFY that PostgreSQL delivers when that transaction commits. */
  Future<Void> insert(SqlConnection tx, List<NotificationRequest> requests, Instant now, Instant notBefore) {
    List<Tuple> rows = new ArrayList<>(requests.size());
    Set<String> kommuner = new TreeSet<>();
    for (NotificationRequest r : requests) {
      String kommun = kommunOfUnit.apply(r.orgUnit()).orElseThrow(() -> new IllegalStateException(
          "org unit " + r.orgUnit() + " of an email about alert " + r.alertId() + " belongs to no kommun"));
      kommuner.add(kommun);
      rows.add(Tuple.of(r.dedupeKey(), r.recipientEmail(), r.recipientRole(), r.kind().code(), r.alertId(),
              r.orgUnit(), r.facts() == null ? new JsonObject() : r.facts())
          .addOffsetDateTime(time(now))
          .addOffsetDateTime(time(notBefore))
          .addString(kommun));
    }
    // pipelined: the NOTIFY need not wait for the insert's answer, it leaves only if the transaction commits
    Future<?> inserted = tx.preparedQuery(INSERT).executeBatch(rows);
    Future<?> notified = tx.preparedQuery(NOTIFY).execute(Tuple.of(String.join(",", kommuner)));
    return Future.all(inserted, notified).mapEmpty();
  }

  /**
   * The kommuner a NOTIFY of new rows names; empty for any other payload (an older instance's, or none), which
   * asks for every due kommun to be looked up.
   */
  static Optional<List<String>> kommunerOf(String payload) {
    if (payload == null || payload.isEmpty()) {
      return Optional.empty();
    }
    List<String> named = List.of(payload.split(",", -1));
    return named.stream().allMatch(code -> KOMMUN.matcher(code).matches()) ? Optional.of(named) : Optional.empty();
  }

  /** The kommuner whose rows a claim would take now (one question across them all). */
  Future<List<String>> dueKommuner(Instant now) {
    return KommunScope.statement(sending, kommuner.get(),
            conn -> conn.preparedQuery(DUE_KOMMUNER).execute(Tuple.of(time(now))))
        .map(rows -> {
          List<String> due = new ArrayList<>();
          rows.forEach(row -> due.add(row.getString("kommun")));
          return due;
        });
  }

  /**
   * Claims the kommun's due rows of at most {@code recipients} recipients (one statement), oldest first. What is done
   * with them next ({@link #drop}, {@link #emails}, {@link #cap}) is separate short statements rather than one
   * transaction: each is atomic on its own, the claim token guards every later one, and if this instance dies in
   * between, its claimed rows are taken over when the lease ends.
   *
   * <p>The rows come as soon as the statement has answered, before its durable commit: what only reads about them may
   * be asked meanwhile. Writing about them (the token only matches once the claim is committed) and sending them wait
   * for {@link KommunScope.Committing#committed}.
   */
  KommunScope.Committing<List<OutboxRow>> claim(String kommun, Instant now, int recipients, int maxRows,
      Duration lease, UUID token) {
    KommunScope.Committing<RowSet<Row>> claimed = KommunScope.committing(sending, Set.of(kommun),
        conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(time(now), recipients, token, time(now.plus(lease)),
            maxRows)));
    Future<List<OutboxRow>> rows = claimed.answer().map(OutboxRepository::rows);
    return new KommunScope.Committing<>(rows, claimed.committed().compose(committed -> rows));
  }

  /** Per alert id of the kommun, the recipients (lower case) an alarm email about it went out to. */
  Future<Map<Long, Set<String>>> alarmsSent(String kommun, Collection<Long> alertIds) {
    Map<Long, Set<String>> sent = new HashMap<>();
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(sent);
    }
    return KommunScope.statement(sending, Set.of(kommun), conn -> conn.preparedQuery(ALARMS_SENT)
            .execute(Tuple.of(alertIds.stream().distinct().toArray(Long[]::new))))
        .map(rows -> {
          rows.forEach(row -> sent.computeIfAbsent(row.getLong("alert_id"), id -> new HashSet<>())
              .add(row.getString("recipient")));
          return sent;
        });
  }

  /** Marks claimed rows of the kommun dropped, each with its reason, and records the drop as an attempt. */
  Future<Void> drop(String kommun, Map<OutboxRow, DropReason> dropped, UUID token, Instant now) {
    if (dropped.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = dropped.keySet().stream().map(OutboxRow::id).toArray(Long[]::new);
    String[] reasons = dropped.values().stream().map(DropReason::code).toArray(String[]::new);
    return KommunScope.statement(sending, Set.of(kommun),
        conn -> conn.preparedQuery(DROP).execute(Tuple.of(ids, reasons, token, time(now)))).mapEmpty();
  }

  /**
   * Per email of the kommun, whether it may go out today: a digest always may (the cap does not limit it); any other
   * takes one of its recipient's slots for {@code day}, or is refused when the cap is reached. One flight: the
   * statements are pipelined in one transaction, so the claim's emails cost one round trip however many they are.
   *
   * <p>Its commit does not wait for the disk: the commit that marks the email sent does, and it flushes the log up to
   * itself, slot included. A crash before that marking can lose the slot only together with the marking: the email
   * goes out again once its claim has expired and takes its slot then, so the day's count still holds each email
   * once.
   */
  Future<List<Boolean>> takeSlots(String kommun, List<List<OutboxRow>> emails, LocalDate day, int perRecipient) {
    List<Tuple> wanted = new ArrayList<>();
    for (List<OutboxRow> rows : emails) {
      if (!rows.get(0).digest()) {
        wanted.add(Tuple.of(rows.get(0).recipient(), day, perRecipient, kommun));
      }
    }
    if (wanted.isEmpty()) {
      return Future.succeededFuture(emails.stream().map(rows -> true).toList());
    }
    return KommunScope.statement(sending, Set.of(kommun), conn -> {
          Future<?> unflushed = conn.query(ASYNC_COMMIT).execute();
          Future<RowSet<Row>> taken = conn.preparedQuery(TAKE_DAILY_SLOT).executeBatch(wanted);
          return Future.all(unflushed, taken).map(both -> taken.result());
        })
        .map(first -> {
          List<Boolean> granted = new ArrayList<>(emails.size());
          RowSet<Row> slot = first;
          for (List<OutboxRow> rows : emails) {
            if (rows.get(0).digest()) {
              granted.add(true);
            } else {
              granted.add(slot.iterator().hasNext());
              slot = slot.next();
            }
          }
          return granted;
        });
  }

  /** Gives back the slots of {@code day} taken for emails that will not go out after all (their rows were stale). */
  Future<Void> returnSlots(String kommun, List<String> recipients, LocalDate day) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> slots = recipients.stream().map(recipient -> Tuple.of(recipient, day)).toList();
    return KommunScope.statement(sending, Set.of(kommun), conn -> conn.preparedQuery(RETURN_DAILY_SLOT)
        .executeBatch(slots)).mapEmpty();
  }

  /** Folds claimed rows that the daily cap refused into their recipients' next digest. */
  Future<Void> fold(String kommun, List<OutboxRow> rows, Instant now, DailyCap cap, UUID token) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return KommunScope.statement(sending, Set.of(kommun), conn -> conn.preparedQuery(FOLD)
        .execute(Tuple.of(ids(rows), time(cap.nextDigest(now)), time(now), token))).mapEmpty();
  }

  /** Marks the email's rows sent (or written), if this instance's claim still holds; returns how many it marked. */
  Future<Integer> delivered(ClaimedMail mail, Instant now, String messageId, String outcome) {
    return KommunScope.statement(sending, Set.of(mail.kommun()), conn -> conn.preparedQuery(DELIVERED)
            .execute(Tuple.of(ids(mail.rows()), mail.token(), time(now), messageId, outcome)))
        .map(RowSet::rowCount);
  }

  /**
   * Marks the email's rows for a retry at {@code retryAt}, or dead; gives back the daily-cap slot the email had
   * taken; returns how many rows became dead.
   */
  Future<Integer> failed(ClaimedMail mail, Instant now, SendFailure failure, Instant retryAt, RetryPolicy policy) {
    Tuple args = Tuple.of(ids(mail.rows()), mail.token(), time(now), failure.countsAsRejection() ? 1 : 0,
            policy.maxRejections(), time(policy.giveUpQueuedBefore(now)), time(retryAt))
        .addString(failure.kind().outcome())
        .addString(failure.detail());
    return KommunScope.transaction(sending, Set.of(mail.kommun()), tx -> tx.preparedQuery(FAILED).execute(args)
        .compose(states -> {
          int dead = 0;
          for (Row row : states) {
            if (OutboxState.DEAD.code().equals(row.getString("state"))) {
              dead++;
            }
          }
          int deadRows = dead;
          if (states.rowCount() == 0 || mail.capDay().isEmpty()) {
            return Future.succeededFuture(deadRows);
          }
          return tx.preparedQuery(RETURN_DAILY_SLOT).execute(Tuple.of(mail.recipient(), mail.capDay().get()))
              .map(v -> deadRows);
        }));
  }

  /** The sender's own connections, for the questions it asks alerting. */
  Pool sendingPool() {
    return sending;
  }

  /** The id made once when the schema was created; a recreated database has a new one. */
  Future<String> installationId() {
    return pool.query(INSTALLATION).execute().map(rows -> rows.iterator().next().getString(0));
  }

  /** In every kommun: the mail server is one for them all. */
  Future<Integer> retryUnreachableNow(Instant now) {
    return KommunScope.statement(sending, kommuner.get(),
        conn -> conn.preparedQuery(RETRY_UNREACHABLE_NOW).execute(Tuple.of(time(now)))).map(RowSet::rowCount);
  }

  Future<Optional<Instant>> nextDue() {
    return KommunScope.statement(sending, kommuner.get(), conn -> conn.query(NEXT_DUE).execute())
        .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("due")).map(OffsetDateTime::toInstant));
  }

  /** A series whose trend an email shows: its last periods up to the one that started on {@code upToStart}. */
  record HistoryRequest(String indicatorId, String orgUnit, String gender, LocalDate upToStart) {}

  /** A period of a series whose stored value is asked for. */
  record SeriesPeriod(String indicatorId, String orgUnit, String gender, String period) {}

  /** Per history request, its periods oldest first; per base, its stored value when there is one. */
  record Trends(List<List<HistoryPoint>> histories, List<Optional<Double>> values) {}

  /**
   * The series' last {@code periods} periods and the stored values of the given periods, both in one flight: the
   * two reads are sent at once in one transaction, so an email's trend tables cost one round trip.
   */
  Future<Trends> trends(String kommun, List<HistoryRequest> requests, List<SeriesPeriod> bases, int periods) {
    List<List<HistoryPoint>> histories = new ArrayList<>(requests.size());
    requests.forEach(r -> histories.add(new ArrayList<>()));
    List<Optional<Double>> values = new ArrayList<>(bases.size());
    bases.forEach(b -> values.add(Optional.empty()));
    if (requests.isEmpty()) {
      return Future.succeededFuture(new Trends(histories, values));
    }
    Tuple history = Tuple.tuple()
        .addArrayOfString(requests.stream().map(HistoryRequest::indicatorId).toArray(String[]::new))
        .addArrayOfString(requests.stream().map(HistoryRequest::orgUnit).toArray(String[]::new))
        .addArrayOfString(requests.stream().map(HistoryRequest::gender).toArray(String[]::new))
        .addArrayOfLocalDate(requests.stream().map(HistoryRequest::upToStart).toArray(LocalDate[]::new))
        .addInteger(periods)
        .addString(kommun);
    Tuple at = Tuple.tuple()
        .addArrayOfString(bases.stream().map(SeriesPeriod::indicatorId).toArray(String[]::new))
        .addArrayOfString(bases.stream().map(SeriesPeriod::orgUnit).toArray(String[]::new))
        .addArrayOfString(bases.stream().map(SeriesPeriod::gender).toArray(String[]::new))
        .addArrayOfString(bases.stream().map(SeriesPeriod::period).toArray(String[]::new));
    return KommunScope.statement(sending, Set.of(kommun), conn -> {
      Future<RowSet<Row>> points = conn.preparedQuery(HISTORY).execute(history);
      Future<RowSet<Row>> stored = conn.preparedQuery(VALUES_AT).execute(at);
      return Future.all(points, stored).map(both -> {
        for (Row row : points.result()) {
          histories.get((int) (row.getLong("ord") - 1)).add(new HistoryPoint(row.getString("period"),
              row.getDouble("value"), row.getString("result")));
        }
        for (Row row : stored.result()) {
          values.set((int) (row.getLong("ord") - 1), Optional.of(row.getDouble("value")));
        }
        return new Trends(histories, values);
      });
    });
  }

  /** The emails of the given kommuner, newest first. */
  public Future<List<JsonObject>> list(Collection<String> kommuner, Optional<OutboxState> state, Optional<Long> before,
      int limit) {
    return KommunScope.statement(pool, kommuner, conn -> conn.preparedQuery(LIST)
            .execute(Tuple.of(state.map(OutboxState::code).orElse(null), before.orElse(null), limit)))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          rows.forEach(row -> items.add(summary(row)));
          return items;
        });
  }

  /** One email with its attempts; empty when it is not one of the given kommuner'. */
  public Future<Optional<JsonObject>> find(Collection<String> kommuner, long id) {
    return KommunScope.snapshot(pool, kommuner, conn -> {
      Future<RowSet<Row>> one = conn.preparedQuery(ONE).execute(Tuple.of(id));
      Future<RowSet<Row>> attempts = conn.preparedQuery(ATTEMPTS).execute(Tuple.of(id));
      return Future.all(one, attempts).map(both -> {
        if (!one.result().iterator().hasNext()) {
          return Optional.<JsonObject>empty();
        }
        JsonArray list = new JsonArray();
        attempts.result().forEach(a -> list.add(new JsonObject()
            .put("attemptedAt", instant(a, "attempted_at"))
            .put("outcome", a.getString("outcome"))
            .put("error", a.getString("error"))
            .put("messageId", a.getString("message_id"))));
        return Optional.of(summary(one.result().iterator().next()).put("attemptHistory", list));
      });
    });
  }

  private static JsonObject summary(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("state", row.getString("state"))
        .put("kind", row.getString("kind"))
        .put("recipient", row.getString("recipient"))
        .put("role", row.getString("role"))
        .put("alertId", row.getLong("alert_id"))
        .put("orgUnit", row.getString("org_unit"))
        .put("indicatorId", row.getString("indicator_id"))
        .put("period", row.getString("period"))
        .put("dedupeKey", row.getString("dedupe_key"))
        .put("attempts", row.getInteger("attempts"))
        .put("rejections", row.getInteger("rejections"))
        .put("createdAt", instant(row, "created_at"))
        .put("notBefore", instant(row, "not_before"))
        .put("nextAttemptAt", instant(row, "next_attempt_at"))
        .put("digest", row.getBoolean("digest"))
        .put("digestDueAt", instant(row, "digest_due_at"))
        .put("sentAt", instant(row, "sent_at"))
        .put("messageId", row.getString("message_id"))
        .put("lastOutcome", row.getString("last_outcome"))
        .put("lastError", row.getString("last_error"));
  }

  private static List<OutboxRow> rows(RowSet<Row> claimed) {
    List<OutboxRow> rows = new ArrayList<>();
    claimed.forEach(row -> rows.add(new OutboxRow(
        row.getLong("id"),
        row.getString("recipient"),
        row.getString("role"),
        Codes.require(NotificationKind.class, row.getString("kind")),
        row.getLong("alert_id"),
        row.getString("org_unit"),
        row.getJsonObject("facts"),
        row.getInteger("attempts"),
        row.getInteger("rejections"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getBoolean("digest"),
        row.getString("kommun"))));
    rows.sort(Comparator.comparingLong(OutboxRow::id));
    return rows;
  }

  /**
   * @param grouping true: a recipient's rows go out as one email; false (grouping window 0): each row is its own
   *     email, except that the rows of a digest stay together. The yearly list of missing målvärden is always an
   *     email of its own, digest or not: it is about no alert and reads as no alarm.
   */
  static List<List<OutboxRow>> emails(List<OutboxRow> rows, boolean grouping) {
    Map<String, List<OutboxRow>> emails = new LinkedHashMap<>();
    for (OutboxRow row : rows) {
      boolean own = row.kind() == NotificationKind.YEARLY_TARGETS_MISSING;
      String email = !own && (grouping || row.digest()) ? row.recipient() + "\n" + row.digest()
          : Long.toString(row.id());
      emails.computeIfAbsent(email, key -> new ArrayList<>()).add(row);
    }
    return new ArrayList<>(emails.values());
  }

  private static Long[] ids(List<OutboxRow> rows) {
    return rows.stream().map(OutboxRow::id).toArray(Long[]::new);
  }

  private static String instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant().toString();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
