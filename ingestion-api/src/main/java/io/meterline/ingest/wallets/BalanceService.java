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
 * A customer's own balance. It is read, not reserved: can_spend is advice for the SDK's pre-flight check,
 * and usage is still charged when it arrives (the balance may go below zero).
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
            boolean canSpend = wanted == null ? balance.signum() > 0 : balance.compareTo(wanted) >= 0;
            boolean low = WalletStatus.of(balance, wallet.lowBalanceThreshold()) != WalletStatus.OK;
            return grants.open(customerId).map(open -> new BalanceView(balance, "credits", low, canSpend, wanted,
                    wallet.overdraft(), open.stream().map(BalanceView.Grant::of).toList()));
        });
    }
}
