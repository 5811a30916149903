package se.indikatorvakt.catalogsync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogFingerprint;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.ingest.MeasurementPipeline;

/**
 * One catalog for all instances. A catalog is accepted (at start with files no version had, or by the reload API) by
 * writing its fingerprint as the next row of catalog_version and a NOTIFY on {@link ChangeFeed#CATALOG}, in one
 * transaction under an advisory lock, so versions are numbered once. Every instance, on the notification and after
 * every (re)connect of the change feed, compares the newest version with its own; when it is behind it reads its
 * files on a worker and puts them in force as that version only if their hash is the version's: an instance whose
 * files differ keeps judging under its own version and says so.
 *
 * <p>A version whose målvärden differ from the one before leaves one catalog_rejudge row per kommun naming the
 * indicators that changed. Any instance running that version or a later one claims a row ({@code FOR UPDATE SKIP
 * LOCKED}, done_at still empty) and re-judges its open periods in the same transaction, so each row is re-judged
 * exactly once across the instances; a failed attempt leaves the row for the next catch-up.
 */
public final class CatalogSync {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);
  private static final long RETRY_MS = 5000;

  /** Versions are numbered under this lock; the number only has to differ from the scheduler's. */
  static final String LOCK = "SELECT pg_advisory_xact_lock(4935284119123045377)";
  static final String NEWEST = """
      SELECT version, content_hash, targets::text AS targets FROM catalog_version ORDER BY version DESC LIMIT 1""";
  static final String BY_HASH = """
      SELECT version FROM catalog_version WHERE content_hash = $1 ORDER BY version DESC LIMIT 1""";
  static final String INSERT_VERSION = """
      INSERT INTO catalog_version (version, content_hash, targets, accepted_at, accepted_by)
      VALUES ($1, $2, $3::text::jsonb, $4, $5)""";
  static final String INSERT_REJUDGE = """
      INSERT INTO catalog_rejudge (kommun, version, indicators, created_at) VALUES ($1, $2, $3, $4)""";
  static final String NOTIFY = "SELECT pg_notify('" + ChangeFeed.CATALOG + "', '')";
  static final String PENDING = """
      SELECT kommun, version FROM catalog_rejudge WHERE done_at IS NULL AND version <= $1 ORDER BY version, kommun""";
  static final String CLAIM = """
      SELECT indicators FROM catalog_rejudge WHERE kommun = $1 AND version = $2 AND done_at IS NULL
         FOR UPDATE SKIP LOCKED""";
  static final String DONE = "UPDATE catalog_rejudge SET done_at = $3, rejudged = $4 WHERE kommun = $1 AND version = $2";

  private final Vertx vertx;
  private final Pool pool;
  private final ChangeFeed changes;
  private final CatalogService catalog;
  private final MeasurementPipeline pipeline;
  private final Clock clock;
  private final ZoneId zone;
  private Context context;
  private Future<Void> syncing = Future.succeededFuture();
  private boolean retryScheduled;

  public CatalogSync(Vertx vertx, Pool pool, ChangeFeed changes, CatalogService catalog, MeasurementPipeline pipeline,
      Clock clock, ZoneId zone) {
    this.vertx = vertx;
    this.pool = pool;
    this.changes = changes;
    this.catalog = catalog;
    this.pipeline = pipeline;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * A catalog put in force.
   *
   * @param accepted this call wrote the version (its files were new)
   * @param changed per kommun, the indicators whose målvärden differ from the version before
   */
  public record Registered(long version, boolean accepted, Map<String, Set<String>> changed) {}

  /** Registers the catalog loaded at start and follows every version accepted after. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    CatalogService.Candidate loaded = catalog.loaded();
    return register(loaded, "start")
        .map(registered -> {
          catalog.install(loaded.catalog().versioned(registered.version()));
          changes.subscribe(ChangeFeed.CATALOG, () -> context.runOnContext(v -> sync()));
          sync();
          return null;
        });
  }

  /**
   * Reads the files again and, when valid, accepts them as the newest version for every instance; the caller's
   * instance has it in force when this completes, the others within the notification's delay and a file read.
   * Fails with {@link CatalogService.InvalidCatalogException} and leaves everything as it was for invalid files.
   */
  public Future<Registered> reload() {
    return catalog.read()
        .compose(candidate -> register(candidate, "reload")
            .map(registered -> {
              catalog.install(candidate.catalog().versioned(registered.version()));
              return registered;
            }))
        .onSuccess(registered -> sync());
  }

  /** Catching up runs one at a time on this instance; a call while one runs follows it. */
  private void sync() {
    syncing = syncing.transform(previous -> catchUp());
  }

  private Future<Void> catchUp() {
    return pool.query(NEWEST).execute()
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : follow(rows.iterator().next()))
        .compose(v -> rejudgePending())
        .<Void>mapEmpty()
        .recover(error -> {
          LOG.warn("Catalog versions not read or open periods not re-judged ({}); trying again in {} ms",
              error.getMessage(), RETRY_MS);
          if (!retryScheduled) {
            retryScheduled = true;
            vertx.setTimer(RETRY_MS, t -> context.runOnContext(v -> {
              retryScheduled = false;
              sync();
            }));
          }
          return Future.succeededFuture();
        });
  }

  /** Puts the newest version in force here when this instance's files are that version's. */
  private Future<Void> follow(Row newest) {
    long version = newest.getLong("version");
    if (version <= catalog.current().version()) {
      return Future.succeededFuture();
    }
    String hash = newest.getString("content_hash");
    return catalog.read().map(candidate -> {
      if (candidate.fingerprint().contentHash().equals(hash)) {
        catalog.install(candidate.catalog().versioned(version));
      } else {
        LOG.warn("Catalog version {} is in force elsewhere, but the files here differ from it; version {} stays in "
            + "force on this instance until its files are the same", version, catalog.current().version());
      }
      return null;
    });
  }

  private Future<Registered> register(CatalogService.Candidate candidate, String by) {
    CatalogFingerprint print = candidate.fingerprint();
    Set<String> kommuner = candidate.catalog().kommunCodes();
    return KommunScope.transaction(pool, kommuner, tx -> tx.query(LOCK).execute()
        .compose(v -> tx.query(NEWEST).execute())
        .compose(rows -> {
          Optional<Row> newest = rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
          if (newest.isPresent() && newest.get().getString("content_hash").equals(print.contentHash())) {
            return Future.succeededFuture(new Registered(newest.get().getLong("version"), false, Map.of()));
          }
          // An instance that starts with files of an earlier version runs that version instead of rolling every
          // instance back; an administrator's reload is what makes earlier files the newest again.
          Future<Optional<Long>> known = by.equals("start")
              ? tx.preparedQuery(BY_HASH).execute(Tuple.of(print.contentHash())).map(CatalogSync::version)
              : Future.succeededFuture(Optional.empty());
          return known.compose(version -> version.isPresent()
              ? Future.succeededFuture(new Registered(version.get(), false, Map.of()))
              : accept(tx, newest, print, by, kommuner));
        }));
  }

  /**
   * Writes the version and, for each of its kommuner whose målvärden changed, the row that has it re-judged. A kommun
   * that left the catalog has nothing left to judge under the new version.
   */
  private Future<Registered> accept(SqlConnection tx, Optional<Row> newest, CatalogFingerprint print, String by,
      Set<String> kommuner) {
    long version = newest.map(row -> row.getLong("version") + 1).orElse(1L);
    Map<String, Set<String>> changed = newest.map(row -> CatalogFingerprint.changed(targets(row), print.targets()))
        .orElse(Map.of());
    Instant now = clock.instant();
    List<Tuple> jobs = new ArrayList<>();
    changed.forEach((kommun, indicators) -> {
      if (kommuner.contains(kommun)) {
        jobs.add(Tuple.of(kommun, version, indicators.toArray(String[]::new), now.atOffset(ZoneOffset.UTC)));
      }
    });
    Future<?> inserted = tx.preparedQuery(INSERT_VERSION)
        .execute(Tuple.of(version, print.contentHash(), print.targetsJson(), now.atOffset(ZoneOffset.UTC), by));
    Future<?> rejudge = jobs.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(INSERT_REJUDGE).executeBatch(jobs);
    Future<?> notified = tx.query(NOTIFY).execute();
    return Future.all(inserted, rejudge, notified).map(v -> {
      LOG.info("Catalog version {} accepted ({}); målvärden changed: {}", version, by,
          changed.isEmpty() ? "none" : changed);
      return new Registered(version, true, changed);
    });
  }

  /** Claims and re-judges, one kommun's row at a time, every pending row of a version this instance has reached. */
  private Future<Void> rejudgePending() {
    Catalog current = catalog.current();
    long version = current.version();
    return KommunScope.statement(pool, current.kommunCodes(),
        conn -> conn.preparedQuery(PENDING).execute(Tuple.of(version))).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        String kommun = row.getString("kommun");
        long jobVersion = row.getLong("version");
        chain = chain.compose(v -> rejudge(kommun, jobVersion));
      }
      return chain;
    });
  }

  private Future<Void> rejudge(String kommun, long jobVersion) {
    Catalog current = catalog.current();
    Instant now = clock.instant();
    LocalDate cutoff = openSince(LocalDate.ofInstant(now, zone));
    return KommunScope.transaction(pool, Set.of(kommun), tx -> tx.preparedQuery(CLAIM)
        .execute(Tuple.of(kommun, jobVersion))
        .compose(claimed -> claimed.size() == 0 ? Future.succeededFuture()
            : pipeline.rejudge(tx, current, kommun, indicators(claimed), cutoff)
                .compose(count -> tx.preparedQuery(DONE)
                    .execute(Tuple.of(kommun, jobVersion, now.atOffset(ZoneOffset.UTC), count))
                    .onSuccess(done -> LOG.info("Catalog version {}: {} open periods of kommun {} re-judged under "
                        + "version {}", jobVersion, count, kommun, current.version())))
                .mapEmpty()));
  }

  /**
   * Where the open periods begin: the first day of the previous calendar year. A series' newest period that ended
   * before it is closed (its year's follow-up is written); one whose alert is still open is re-judged anyway.
   */
  static LocalDate openSince(LocalDate today) {
    return today.withDayOfYear(1).minusYears(1);
  }

  private static Set<String> indicators(RowSet<Row> claimed) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : claimed.iterator().next().getArrayOfStrings("indicators")) {
      ids.add(id);
    }
    return ids;
  }

  private static Map<String, String> targets(Row row) {
    JsonObject targets = new JsonObject(row.getString("targets"));
    Map<String, String> map = new HashMap<>();
    targets.forEach(entry -> map.put(entry.getKey(), String.valueOf(entry.getValue())));
    return map;
  }

  private static Optional<Long> version(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("version"));
  }
}
