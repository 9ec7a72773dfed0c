package io.meterline.ingest.apikeys;

import java.util.UUID;

import io.meterline.ingest.apikeys.ApiKeyAdminRepository.KeyRow;
import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.meterline.ingest.auth.ApiKeys;
import io.meterline.ingest.customers.CustomerRepository;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.Validator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Issues and revokes API keys. A revoked key is refused at once on this instance (the authenticator's cache
 * is cleared) and within the cache TTL (meterline.ingest.api-key-cache-ttl, 30 s) on every other instance.
 */
@ApplicationScoped
public class ApiKeyService {

    private final Pool pool;
    private final ApiKeyAdminRepository keys;
    private final CustomerRepository customers;
    private final ApiKeyAuthenticator authenticator;

    public ApiKeyService(Pool pool, ApiKeyAdminRepository keys, CustomerRepository customers,
            ApiKeyAuthenticator authenticator) {
        this.pool = pool;
        this.keys = keys;
        this.customers = customers;
        this.authenticator = authenticator;
    }

    /** A new key; not idempotent by nature (a retry issues a second key, which can simply be revoked). */
    public Uni<ApiKeyCreatedView> issue(String customerId, String name) {
        new Validator().text("name", name, false, 256).throwIfInvalid();
        String key = ApiKeys.generate();
        return requireCustomer(customerId)
                .flatMap(ignored -> keys.insert(pool, UUID.randomUUID(), customerId, ApiKeys.hash(key),
                        ApiKeys.displayPrefix(key), name))
                .map(row -> new ApiKeyCreatedView(row.id(), row.customerId(), key, row.prefix(), row.name(),
                        row.createdAt()));
    }

    public Uni<Page<ApiKeyView>> list(String customerId, String limit, String cursor) {
        int size = Paging.limit(limit);
        Paging.TimeAndId after = Paging.decodeTimeAndId(cursor);
        return requireCustomer(customerId)
                .flatMap(ignored -> keys.list(pool, customerId, after.time(), after.id(), size + 1))
                .map(rows -> Paging.page(rows, size, ApiKeyService::view,
                        row -> Paging.encode(row.createdAt().toString(), row.id().toString())));
    }

    /** Idempotent: revoking a revoked key answers it unchanged. 404 for an unknown key. */
    public Uni<ApiKeyView> revoke(String keyId) {
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(keyId));
        }
        return keys.revoke(pool, id).map(row -> {
            if (row == null) {
                throw notFound(keyId);
            }
            authenticator.invalidateAll();
            return view(row);
        });
    }

    private Uni<Void> requireCustomer(String customerId) {
        return customers.find(pool, customerId).map(row -> {
            if (row == null) {
                throw CustomerService.notFound(customerId);
            }
            return null;
        });
    }

    private static ApiException notFound(String keyId) {
        return ApiException.notFound("No API key with id '" + keyId + "'");
    }

    private static ApiKeyView view(KeyRow row) {
        return new ApiKeyView(row.id(), row.customerId(), row.prefix(), row.name(), row.createdAt(),
                row.lastUsedAt(), row.revokedAt());
    }
}
