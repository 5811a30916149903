package se.indikatorvakt.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kommuner a transaction works for, told to PostgreSQL, whose row-level security (V81) then shows and accepts
 * only their rows. Every transaction of the service runs through here: one that names no kommun sees nothing.
 *
 * <p>The naming costs no round trip of its own. The transaction is opened by one simple query that holds both
 * {@code BEGIN} and the {@code set_config}, sent without waiting, so the work's first statement goes out in the same
 * flight (the connection pipelines); {@link #statement} pipelines the {@code COMMIT} too, so a single read is still
 * one round trip. The codes are checked to be four digits before they become part of that text.
 */
public final class KommunScope {
  private static final Logger LOG = LoggerFactory.getLogger(KommunScope.class);
  /** The role the service's queries run as (V81); it owns nothing, so the policies always bind it. */
  public static final String SERVICE_ROLE = "indikatorvakt_service";
  /** The setting the policies read; local to the transaction, so a pooled connection carries nothing over. */
  public static final String SETTING = "indikatorvakt.kommuner";

  static final String SET_ROLE = "SET ROLE " + SERVICE_ROLE;
  private static final Pattern CODE = Pattern.compile("[0-9]{4}");
  private static final String READ_ONLY_SNAPSHOT = "ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  private KommunScope() {}

  /**
   * Runs {@code work} in one transaction that sees and writes only the rows of {@code kommuner}; commits when its
   * future succeeds, rolls back when it fails.
   */
  public static <T> Future<T> transaction(Pool pool, Collection<String> kommuner,
      Function<SqlConnection, Future<T>> work) {
    return transaction(pool, kommuner, (conn, commit) -> work.apply(conn));
  }

  /**
   * As {@link #transaction}, for work that may send the {@code COMMIT} itself, right behind its last statements
   * ({@link Commit#behind}), so that the commit travels in their flight instead of a round trip after their answers:
   * the locks the transaction holds are released that much sooner. Work that does not commits as in
   * {@link #transaction}.
   */
  public static <T> Future<T> transaction(Pool pool, Collection<String> kommuner,
      BiFunction<SqlConnection, Commit, Future<T>> work) {
    return transaction(pool, kommuner, Plans.CHOSEN, work);
  }

  /** As {@link #transaction(Pool, Collection, BiFunction)}, its prepared statements planned as {@code plans} says. */
  public static <T> Future<T> transaction(Pool pool, Collection<String> kommuner, Plans plans,
      BiFunction<SqlConnection, Commit, Future<T>> work) {
    String begin = begin("", kommuner) + plans.setting;
    return leased(pool, conn -> inTransaction(conn, begin, work));
  }

  /** How PostgreSQL plans the prepared statements of a transaction. */
  public enum Plans {
    /**
     * PostgreSQL's own choice. It plans a statement over arrays again at each execution, because the plan it made for
     * the arrays' actual lengths looks cheaper than one for arrays of unknown length.
     */
    CHOSEN(""),
    /**
     * The plan each connection made once, and makes again only when the tables' statistics change. This suits small
     * transactions that run the same few statements thousands of times a second. Under 32 connections of single
     * POSTs, planning again took 12-15 % of PostgreSQL's CPU. These plans do not depend on the arrays' lengths:
     * their statements look keys up through indexes, for any number of keys. V190 analyzes a table that has doubled,
     * so that a plan made for a small table is made again.
     */
    GENERIC(", set_config('plan_cache_mode', 'force_generic_plan', true)");

    private final String setting;

    Plans(String setting) {
      this.setting = setting;
    }
  }

  /** The {@code COMMIT} of a transaction of {@link #transaction(Pool, Collection, BiFunction)}, sent by its work. */
  public static final class Commit {
    private final SqlConnection conn;
    private final Promise<Void> ending = Promise.promise();
    private boolean sent;

    private Commit(SqlConnection conn) {
      this.conn = conn;
    }

    /**
     * Completes once the transaction's last flight is sent, its {@code COMMIT} or {@code ROLLBACK}: from then on it
     * only waits for the server (above all for the commit's flush) and sends nothing more.
     */
    public Future<Void> ending() {
      return ending.future();
    }

    /**
     * Sends the {@code COMMIT} behind every statement sent so far, so call it only once the last one is sent, not
     * after an answer. {@code written} is what those statements answer; the result succeeds once both have, and fails
     * if either does. If a statement failed, PostgreSQL ends the transaction at this {@code COMMIT} by rolling it back.
     */
    public <T> Future<T> behind(Future<T> written) {
      sent = true;
      Future<?> committed = conn.query("COMMIT").execute();
      ending.tryComplete();
      return Future.join(written, committed).transform(both -> written.failed() ? Future.<T>failedFuture(written.cause())
          : committed.failed() ? Future.<T>failedFuture(committed.cause()) : Future.succeededFuture(written.result()));
    }
  }

  /** As {@link #transaction}, in one read-only snapshot whose statements all see the same committed state. */
  public static <T> Future<T> snapshot(Pool pool, Collection<String> kommuner,
      Function<SqlConnection, Future<T>> work) {
    String begin = begin(READ_ONLY_SNAPSHOT, kommuner);
    return leased(pool, conn -> inTransaction(conn, begin, (tx, commit) -> work.apply(tx)));
  }

  /**
   * One statement in a transaction of its own, all of it in one round trip: {@code work} must send exactly one
   * statement at once (not one after another's answer), or its later statements would run after the commit.
   */
  public static <T> Future<T> statement(Pool pool, Collection<String> kommuner,
      Function<SqlConnection, Future<T>> work) {
    String begin = begin("", kommuner);
    return leased(pool, conn -> {
      Future<?> begun = conn.query(begin).execute();
      Future<T> done = Future.<Void>succeededFuture().compose(v -> work.apply(conn));
      Future<?> committed = conn.query("COMMIT").execute();
      return Future.all(begun, done, committed).map(all -> done.result());
    });
  }

  /**
   * A statement's answer and the commit of its transaction. PostgreSQL answers the statement before it starts the
   * commit, whose durable flush can take longer than the statement itself: work that only reads may start on the
   * answer while the commit is under way.
   */
  public record Committing<T>(Future<T> answer, Future<T> committed) {}

  /**
   * As {@link #statement}, one round trip, but the statement's answer is handed out as soon as it arrives, before the
   * commit's. What its rows allow (writing, sending) must still wait for {@link Committing#committed}: until then the
   * transaction may yet be lost, and its changes are not visible to another connection.
   */
  public static <T> Committing<T> committing(Pool pool, Collection<String> kommuner,
      Function<SqlConnection, Future<T>> work) {
    Promise<T> answer = Promise.promise();
    Future<T> committed = statement(pool, kommuner, conn -> work.apply(conn).onComplete(answer));
    // no connection, or it broke before the statement answered: the answer fails as the commit did
    committed.onFailure(answer::tryFail);
    return new Committing<>(answer.future(), committed);
  }

  /**
   * A connection of the pool for the work. A connection the server ends while it is leased (a restart, a terminated
   * backend) fails the statements in flight, which report it to their callers; without a handler of its own, the
   * connection would also print it to standard error as an exception nobody handled.
   */
  private static <T> Future<T> leased(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> {
      conn.exceptionHandler(e -> LOG.debug("A leased connection ended: {}", e.getMessage()));
      return work.apply(conn);
    });
  }

  /** The work between its BEGIN and the COMMIT or ROLLBACK, unless the work sent the COMMIT itself. */
  private static <T> Future<T> inTransaction(SqlConnection conn, String begin,
      BiFunction<SqlConnection, Commit, Future<T>> work) {
    Commit commit = new Commit(conn);
    Future<?> begun = conn.query(begin).execute();
    Future<T> done = Future.<Void>succeededFuture().compose(v -> work.apply(conn, commit));
    return Future.all(begun, done).transform(outcome -> {
      if (commit.sent) {
        return outcome.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(outcome.cause());
      }
      Future<?> ended = conn.query(outcome.succeeded() ? "COMMIT" : "ROLLBACK").execute();
      commit.ending.tryComplete();
      return outcome.succeeded() ? ended.map(committed -> done.result())
          : ended.transform(rolledBack -> Future.<T>failedFuture(outcome.cause()));
    });
  }

  /** The codes, sorted and comma-separated, as the setting holds them; anything but a four-digit code is refused. */
  static String setting(Collection<String> kommuner) {
    Set<String> sorted = new TreeSet<>();
    for (String code : kommuner) {
      if (code == null || !CODE.matcher(code).matches()) {
        throw new IllegalArgumentException("not a kommun code: " + code);
      }
      sorted.add(code);
    }
    return String.join(",", sorted);
  }

  private static String begin(String mode, Collection<String> kommuner) {
    return "BEGIN " + mode + "; SELECT set_config('" + SETTING + "', '" + setting(kommuner) + "', true)";
  }
}
