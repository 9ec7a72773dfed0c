package io.meterline.ingest.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.meterline.ingest.auth.ApiKeyRepository.ApiKeyRow;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Resolves the API key of a request ({@code X-Api-Key}, or {@code Authorization: Bearer}) to its customer.
 *
 * <p>Keys are looked up by SHA-256 and the stored hash is compared in constant time. Verdicts, including
 * "unknown", are cached for {@code meterline.ingest.api-key-cache-ttl} (default 30 s), so a revoked key stops
 * working within that time (at most 60 s is promised) without a database read on every request.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticator.class);
    private static final int MAX_CACHED = 100_000;

    private record Verdict(Optional<ApiPrincipal> principal, long expiresAtNanos) {
    }

    private final ApiKeyRepository keys;
    private final long ttlNanos;
    private final Map<String, Verdict> cache = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyRepository keys, IngestConfig config) {
        this.keys = keys;
        this.ttlNanos = config.apiKeyCacheTtl().toNanos();
    }

    public Uni<ApiPrincipal> authenticate(HttpHeaders headers) {
        String key = presentedKey(headers);
        if (key == null) {
            return Uni.createFrom().failure(ApiException.unauthorized("Send the API key in the X-Api-Key header"));
        }
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        Verdict cached = cache.get(cacheKey);
        if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
            return verdict(cached.principal());
        }
        return keys.findByHash(hash).map(row -> {
            Optional<ApiPrincipal> principal = valid(row, hash);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(cacheKey, new Verdict(principal, System.nanoTime() + ttlNanos));
            principal.ifPresent(p -> keys.touch(p.keyId()).subscribe().with(
                    ok -> { }, failure -> LOG.debugf("could not record key use: %s", failure.getMessage())));
            return principal;
        }).flatMap(ApiKeyAuthenticator::verdict);
    }

    /** Forget cached verdicts, e.g. right after a key is revoked on this instance. */
    public void invalidateAll() {
        cache.clear();
    }

    private static Optional<ApiPrincipal> valid(ApiKeyRow row, byte[] hash) {
        if (row == null || row.revokedAt() != null || !MessageDigest.isEqual(row.keyHash(), hash)) {
            return Optional.empty();
        }
        return Optional.of(new ApiPrincipal(row.id(), row.customerId()));
    }

    private static Uni<ApiPrincipal> verdict(Optional<ApiPrincipal> principal) {
        return principal.map(p -> Uni.createFrom().item(p))
                .orElseGet(() -> Uni.createFrom().failure(ApiException.unauthorized("The API key is unknown or revoked")));
    }

    private static String presentedKey(HttpHeaders headers) {
        String key = headers.getHeaderString("X-Api-Key");
        if (key == null) {
            String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = authorization.substring(7);
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}
