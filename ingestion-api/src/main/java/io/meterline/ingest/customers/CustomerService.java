package io.meterline.ingest.customers;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.meterline.ingest.wallets.AutoTopUpRequest;
import io.meterline.ingest.wallets.WalletRepository;
import io.meterline.ingest.wallets.WalletRow;
import io.meterline.ingest.wallets.WalletStatus;
import io.meterline.ingest.wallets.WalletView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Customers and their wallets. A customer and its wallet are created in one transaction, so no customer
 * ever exists without a wallet. Creating with an id that exists answers the existing customer when the body
 * is identical (a safe retry) and 409 otherwise.
 */
@ApplicationScoped
public class CustomerService {

    /** The CHECK on customers.id. */
    public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

    /** A created (or, on an identical retry, existing) customer. */
    public record Created(CustomerView customer, boolean created) {
    }

    private final Pool pool;
    private final CustomerRepository customers;
    private final WalletRepository wallets;
    private final PostgresTimeZones zones;

    public CustomerService(Pool pool, CustomerRepository customers, WalletRepository wallets, PostgresTimeZones zones) {
        this.pool = pool;
        this.customers = customers;
        this.wallets = wallets;
        this.zones = zones;
    }

    public Uni<Created> create(CreateCustomerRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator();
        v.text("id", request.id(), false, 128).pattern("id", request.id(), ID_PATTERN,
                "must start with a letter or digit and contain only letters, digits and . _ : - (at most 128)");
        validateFields(v, request.name(), true, request.email(), request.lowBalanceThreshold(), request.priceMultiplier(),
                request.timeZone());
        v.throwIfInvalid();
        String id = request.id() != null ? request.id() : "cus_" + UUID.randomUUID().toString().replace("-", "");
        BigDecimal threshold = Objects.requireNonNullElse(request.lowBalanceThreshold(), BigDecimal.ZERO);
        BigDecimal multiplier = Objects.requireNonNullElse(request.priceMultiplier(), BigDecimal.ONE);
        String zone = Objects.requireNonNullElse(request.timeZone(), TimeZones.DEFAULT);
        return zones.require(request.timeZone()).flatMap(known -> pool.withTransaction(tx -> customers
                .insertIfAbsent(tx, id, request.name(), request.email(), multiplier, zone)
                .flatMap(inserted -> inserted == null
                        ? customers.find(tx, id).map(existing -> sameOrConflict(existing, request, threshold,
                                multiplier, zone))
                        : wallets.insert(tx, id, threshold).map(w -> new Created(view(inserted.withWallet(w)), true)))));
    }

    public Uni<CustomerView> get(String id) {
        return customers.find(pool, id).map(row -> view(require(row, id)));
    }

    public Uni<Page<CustomerView>> list(String limit, String cursor) {
        int size = Paging.limit(limit);
        String[] after = Paging.decode(cursor, 1);
        return customers.list(pool, after == null ? null : after[0], size + 1)
                .map(rows -> Paging.page(rows, size, CustomerService::view, row -> Paging.encode(row.id())));
    }

    /** Changes name, email, price multiplier and/or the wallet's low-balance threshold and auto top-up. */
    public Uni<CustomerView> update(String id, UpdateCustomerRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator();
        validateFields(v, request.name(), false, request.email(), request.lowBalanceThreshold(), request.priceMultiplier(),
                request.timeZone());
        validateAutoTopUp(v, request.autoTopUp());
        v.throwIfInvalid();
        AutoTopUpRequest topUp = request.autoTopUp();
        return zones.require(request.timeZone()).flatMap(known -> pool.withTransaction(tx -> customers
                .update(tx, id, request.name(), request.email(), request.priceMultiplier(), request.timeZone())
                .flatMap(found -> {
                    if (!found) {
                        throw notFound(id);
                    }
                    return request.lowBalanceThreshold() == null ? Uni.createFrom().item(true)
                            : wallets.updateThreshold(tx, id, request.lowBalanceThreshold());
                })
                .flatMap(ignored -> topUp == null ? Uni.createFrom().item(true)
                        : wallets.updateAutoTopUp(tx, id, topUp.threshold(), topUp.target()))
                .flatMap(ignored -> customers.find(tx, id))))
                .map(row -> view(require(row, id)));
    }

    static CustomerView view(CustomerRow row) {
        return new CustomerView(row.id(), row.name(), row.email(), row.priceMultiplier(), row.timeZone(),
                row.createdAt(), row.wallet() == null ? null : WalletView.of(row.wallet()));
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("No customer with id '" + id + "'");
    }

    private static void validateFields(Validator v, String name, boolean nameRequired, String email,
            BigDecimal threshold, BigDecimal multiplier, String timeZone) {
        if (timeZone != null && TimeZones.problem(timeZone) != null) {
            v.reject("time_zone", "INVALID", TimeZones.problem(timeZone));
        }
        v.text("name", name, nameRequired, 256).text("email", email, false, 320)
                .pattern("email", email, "^[^@\\s]+@[^@\\s]+$", "must be an e-mail address")
                .money("low_balance_threshold", threshold, false, Sign.NON_NEGATIVE, MoneyBounds.THRESHOLD_MAX)
                .money("price_multiplier", multiplier, false, Sign.POSITIVE, MoneyBounds.PRICE_MULTIPLIER_MAX);
    }

    /** Both amounts, target above threshold; or {@code enabled: false} alone. Errors name auto_top_up.*. */
    static void validateAutoTopUp(Validator v, AutoTopUpRequest topUp) {
        if (topUp == null) {
            return;
        }
        if (topUp.switchesOff()) {
            if (topUp.threshold() != null || topUp.target() != null) {
                v.reject("auto_top_up.enabled", "CONFLICT", "false switches auto top-up off: give neither threshold "
                        + "nor target");
            }
            return;
        }
        v.money("auto_top_up.threshold", topUp.threshold(), true, Sign.NON_NEGATIVE, MoneyBounds.THRESHOLD_MAX)
                .money("auto_top_up.target", topUp.target(), true, Sign.POSITIVE, MoneyBounds.THRESHOLD_MAX);
        if (topUp.threshold() != null && topUp.target() != null && topUp.target().compareTo(topUp.threshold()) <= 0) {
            v.reject("auto_top_up.target", "NOT_ABOVE_THRESHOLD", "must be greater than auto_top_up.threshold");
        }
    }

    private static Created sameOrConflict(CustomerRow existing, CreateCustomerRequest request, BigDecimal threshold,
            BigDecimal multiplier, String zone) {
        boolean same = existing.name().equals(request.name()) && Objects.equals(existing.email(), request.email())
                && existing.timeZone().equals(zone)
                && existing.priceMultiplier().compareTo(multiplier) == 0 && existing.wallet() != null
                && existing.wallet().lowBalanceThreshold().compareTo(threshold) == 0;
        if (!same) {
            throw ApiException.conflict("A customer with id '" + existing.id() + "' already exists with other details");
        }
        return new Created(view(existing), false);
    }

    private static CustomerRow require(CustomerRow row, String id) {
        if (row == null) {
            throw notFound(id);
        }
        return row;
    }
}
