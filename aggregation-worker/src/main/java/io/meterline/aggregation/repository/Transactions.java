package io.meterline.aggregation.repository;

import java.util.function.Function;
import java.util.function.Supplier;

import io.meterline.common.db.SqlStates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

/**
 * A run's transaction, in which a data error undoes only the piece of work that hit it.
 *
 * <p>The transaction is plain BEGIN/COMMIT on one connection, not the client's {@code withTransaction}: that one
 * marks itself failed on any statement error and ends in ROLLBACK even after the error was undone with ROLLBACK TO
 * SAVEPOINT. Savepoints of one transaction are used one after another, never nested, so one name serves.
 */
public final class Transactions {

    /** What a piece of work ended with: its value, or the data error it was rolled back for. */
    public record Attempt<T>(T value, PgException error) {
        public boolean succeeded() {
            return error == null;
        }
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction and commits if it succeeds, else rolls back and fails with its error.
     * The work must end with a statement of its own (which would fail in an aborted transaction), so that COMMIT
     * never silently becomes a rollback.
     */
    public static <T> Uni<T> inTransaction(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> conn.query("BEGIN").execute()
                .flatMap(ignored -> work.apply(conn))
                .call(() -> conn.query("COMMIT").execute())
                .onFailure().call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull()));
    }

    /**
     * Runs {@code work} in a savepoint: on a data error rolls back to it and answers the error as a value, and the
     * transaction goes on. Any other failure (a lost connection, a syntax error) fails the caller.
     */
    public static <T> Uni<Attempt<T>> attempt(SqlConnection tx, Supplier<Uni<T>> work) {
        return tx.query("SAVEPOINT rollup_bucket").execute()
                .flatMap(ignored -> work.get())
                .flatMap(value -> tx.query("RELEASE SAVEPOINT rollup_bucket").execute()
                        .map(ignored -> new Attempt<>(value, (PgException) null)))
                .onFailure(SqlStates::isDataError).recoverWithUni(failure -> tx
                        .query("ROLLBACK TO SAVEPOINT rollup_bucket").execute()
                        .map(ignored -> new Attempt<>(null, (PgException) failure)));
    }
}
