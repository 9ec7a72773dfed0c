package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import io.meterline.ingest.grants.GrantService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A customer's own balance. It is read, not reserved: can_spend is advice for the SDK's pre-flight check (a
 * reservation is what holds credits), and usage is still charged when it arrives (the balance may go below zero,
 * in HARD mode too: the overdraft shows as a negative available). can_spend is judged against available =
 * balance − held; with an estimate, a SOFT wallet can always spend (nothing refuses it).
 */
@ApplicationScoped
public class BalanceService {

    private final Pool pool;
    private final WalletRepository wallets;
    private final GrantService grants;

    public BalanceService(Pool pool, WalletRepository wallets, GrantService grants) {
        this.pool = pool;
        this.wallets = wallets;
        this.grants = grants;
    }

    public Uni<BalanceView> balance(String customerId, String estimate) {
        BigDecimal wanted = Validator.decimal("estimate", estimate);
        new Validator().money("estimate", wanted, false, Sign.NON_NEGATIVE).throwIfInvalid();
        return wallets.find(pool, customerId).flatMap(wallet -> {
            if (wallet == null) {
                throw ApiException.notFound("This customer has no wallet yet");
            }
            BigDecimal balance = wallet.balance();
            BigDecimal available = wallet.available();
            boolean canSpend = wanted == null ? available.signum() > 0
                    : "SOFT".equals(wallet.spendMode()) || available.compareTo(wanted) >= 0;
            boolean low = WalletStatus.of(balance, wallet.lowBalanceThreshold()) != WalletStatus.OK;
            return grants.open(customerId).map(open -> new BalanceView(balance, "credits", low, canSpend, wanted,
                    wallet.overdraft(), wallet.held(), available, wallet.spendMode(),
                    open.stream().map(BalanceView.Grant::of).toList()));
        });
    }
}
