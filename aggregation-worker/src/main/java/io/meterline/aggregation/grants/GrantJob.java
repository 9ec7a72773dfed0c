package io.meterline.aggregation.grants;

import java.time.ZoneOffset;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts grants that became effective (a GRANT row, {@code grant:<grant_id>}) and expires the unused remainder of
 * grants past their expires_at (an EXPIRE row, {@code expire:<grant_id>}, then the grant is closed EXPIRED), all
 * through the {@link Ledger}.
 *
 * <p>Exactly once, with any number of instances and after a crash: each wallet is handled in its own
 * transaction that first locks the wallet (the ledger's lock, so burns and the job never deadlock), then its due
 * grants ({@code FOR UPDATE SKIP LOCKED}). A second instance waits for the wallet, then finds nothing due: the
 * first one's grants are ACTIVE or EXPIRED by then. A crash before the commit leaves them due, and the next run
 * does them; the idempotency keys make a second row impossible even if that reasoning were broken (the wallet's
 * transaction then rolls back whole and is logged). A wallet that fails is logged and retried next run.
 */
@ApplicationScoped
public class GrantJob {

    private static final Logger LOG = Logger.getLogger(GrantJob.class);

    /** What one run did; expiring counts the grant.expiring announcements ({@link ExpiringGrants}). */
    public record Outcome(int posted, int expired, int failedWallets, int expiring) {
        Outcome(int posted, int expired, int failedWallets) {
            this(posted, expired, failedWallets, 0);
        }

        Outcome plus(Outcome o) {
            return new Outcome(posted + o.posted, expired + o.expired, failedWallets + o.failedWallets,
                    expiring + o.expiring);
        }
    }

    private final Pool pool;
    private final GrantJobRepository grants;
    private final GrantExpiry expiry;
    private final AggregationConfig config;
    private final ExpiringGrants expiring;

    public GrantJob(Pool pool, GrantJobRepository grants, GrantExpiry expiry, AggregationConfig config,
            ExpiringGrants expiring) {
        this.pool = pool;
        this.grants = grants;
        this.expiry = expiry;
        this.config = config;
        this.expiring = expiring;
    }

    /**
     * One pass over the wallets with something due (at most grants-wallets-per-run of them), then the grant.expiring
     * announcements (after the expiries, so a grant that just expired is not announced as expiring).
     */
    public Uni<Outcome> run() {
        return grants.dueWallets(pool, config.grantsWalletsPerRun())
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(this::wallet)
                        .collect().with(Collectors.reducing(new Outcome(0, 0, 0), Outcome::plus)))
                .flatMap(o -> expiring.announce().map(n -> o.plus(new Outcome(0, 0, 0, n))))
                .invoke(o -> {
                    if (o.posted() + o.expired() + o.failedWallets() + o.expiring() > 0) {
                        LOG.infof("grants job: %d grants posted, %d expired, %d wallets failed (retried next run), "
                                + "%d announced as expiring", o.posted(), o.expired(), o.failedWallets(), o.expiring());
                    }
                });
    }

    private Uni<Outcome> wallet(String customerId) {
        return pool.withTransaction(tx -> grants.lockDue(tx, customerId)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(g -> act(tx, g))
                        .collect().with(Collectors.reducing(new Outcome(0, 0, 0), Outcome::plus))))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "grants job: wallet %s failed; it stays due", customerId);
                    return new Outcome(0, 0, 1);
                });
    }

    private Uni<Outcome> act(SqlClient tx, DueGrant g) {
        if (!"PENDING".equals(g.state())) {
            return expire(tx, g);
        }
        Uni<Outcome> posted = Ledger.post(tx, Posting.of(g.customerId(), "GRANT", g.amount(), "grant:" + g.grantId(),
                "grant " + g.grantId()).withGrant(g.grantId())).replaceWith(new Outcome(1, 0, 0));
        if (g.expiresAt() == null) {
            return posted;
        }
        return posted.flatMap(p -> grants.isPast(tx, g.expiresAt().atOffset(ZoneOffset.UTC))
                .flatMap(past -> past ? expire(tx, g).map(p::plus) : Uni.createFrom().item(p)));
    }

    /** The EXPIRE row, the grant closed and its {@code grant.expired} webhook: one transaction, so once. */
    private Uni<Outcome> expire(SqlClient tx, DueGrant g) {
        return expiry.expire(tx, g).map(ignored -> new Outcome(0, 1, 0));
    }
}
