package io.meterline.testing.hostile;

import static io.meterline.testing.hostile.HostileCase.bare;
import static io.meterline.testing.hostile.HostileCase.json;
import static io.meterline.testing.hostile.IngestCases.abbreviate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.meterline.testing.hostile.HostileCase.Auth;

/**
 * Hostile requests at the admin API: every write with broken values (customers, keys, top-ups, adjustments, grants,
 * rates, settings, webhook endpoints, dead-letter replay), reads with broken parameters, and every kind of wrong
 * credentials. Ids created by a refused write carry {@code hostile-} so the runner can look for them afterwards.
 */
final class AdminCases {

    private AdminCases() {
    }

    static List<HostileCase> all(Corpus.Ids ids) {
        List<HostileCase> cases = new ArrayList<>();
        String customer = "/v1/admin/customers/" + ids.customer();
        String[][] create = { { "id", "\"hostile-new\"" }, { "name", "\"Hostile\"" }, { "email", "\"a@b.example\"" } };
        for (String field : List.of("id", "name", "email")) {
            for (String value : IngestCases.BAD_STRINGS) {
                cases.add(json("create customer " + field + "=" + abbreviate(value), "POST", "/v1/admin/customers",
                        Auth.ADMIN, Corpus.object(create, field, value), 400, 422));
            }
        }
        for (String[] bad : new String[][] { { "email", "\"not-an-email\"" }, { "price_multiplier", "\"0\"" },
                { "price_multiplier", "\"1001\"" }, { "low_balance_threshold", "\"-1\"" },
                { "low_balance_threshold", "\"1e16\"" }, { "id", "\"has space\"" }, { "id", "\"../etc\"" } }) {
            cases.add(json("create customer " + bad[0] + "=" + bad[1], "POST", "/v1/admin/customers", Auth.ADMIN,
                    Corpus.object(create, bad[0], bad[1]), 400, 422));
        }
        cases.add(json("create an existing customer with other values", "POST", "/v1/admin/customers", Auth.ADMIN,
                "{\"id\":" + Corpus.quote(ids.customer()) + ",\"name\":\"someone else\"}", 409));
        cases.add(json("patch customer, bad multiplier", "PATCH", customer, Auth.ADMIN,
                "{\"price_multiplier\":\"-2\"}", 422));
        cases.add(json("patch unknown customer", "PATCH", "/v1/admin/customers/hostile-none", Auth.ADMIN,
                "{\"name\":\"x\"}", 404));
        cases.add(json("api key, name NUL", "POST", customer + "/api-keys", Auth.ADMIN, "{\"name\":\"\\u0000\"}", 422));
        cases.add(json("api key for unknown customer", "POST", "/v1/admin/customers/hostile-none/api-keys", Auth.ADMIN,
                "{\"name\":\"k\"}", 404));
        cases.add(bare("revoke a key that is not a uuid", "DELETE", "/v1/admin/api-keys/not-a-uuid", Auth.ADMIN, 400, 404));
        for (String amount : CustomerApiCases.BAD_AMOUNTS) {
            cases.add(json("top-up amount=" + abbreviate(amount), "POST", customer + "/wallet/top-ups", Auth.ADMIN,
                    "{\"amount\":" + amount + ",\"idempotency_key\":\"hostile-top-up\"}", 400, 422));
        }
        cases.add(json("top-up without idempotency key", "POST", customer + "/wallet/top-ups", Auth.ADMIN,
                "{\"amount\":\"5\"}", 422));
        cases.add(json("top-up of unknown customer", "POST", "/v1/admin/customers/hostile-none/wallet/top-ups",
                Auth.ADMIN, "{\"amount\":\"5\",\"idempotency_key\":\"hostile-top-up\"}", 404));
        cases.add(json("adjustment of zero", "POST", customer + "/wallet/adjustments", Auth.ADMIN,
                "{\"amount\":\"0\",\"idempotency_key\":\"hostile-adj\",\"reason\":\"r\"}", 422));
        String[][] grant = { { "grant_id", "\"hostile-grant\"" }, { "amount", "\"5\"" }, { "source", "\"PROMOTIONAL\"" },
                { "priority", "1" } };
        for (String[] bad : new String[][] { { "source", "\"FREE\"" }, { "source", "null" }, { "priority", "-1" },
                { "priority", "1.5" }, { "priority", "\"x\"" }, { "priority", "99999999999" }, { "amount", "\"-5\"" },
                { "amount", "\"0\"" }, { "expires_at", "\"yesterday\"" }, { "expires_at", "\"2000-01-01T00:00:00Z\"" },
                { "effective_at", "\"2030-01-01T00:00:00Z\"" + ",\"expires_at\":\"2029-01-01T00:00:00Z\"" },
                { "grant_id", "\"\\u0000\"" }, { "grant_id", "\"" + "g".repeat(300) + "\"" }, { "metadata", "7" } }) {
            cases.add(json("grant " + bad[0] + "=" + abbreviate(bad[1]), "POST", customer + "/grants", Auth.ADMIN,
                    Corpus.object(grant, bad[0], bad[1]), 400, 422));
        }
        cases.add(bare("void an unknown grant", "POST", customer + "/grants/hostile-none/void", Auth.ADMIN, 404));
        String[][] rate = { { "provider", "\"openai\"" }, { "model", "\"hostile-model\"" },
                { "input_per_million", "\"1\"" }, { "output_per_million", "\"2\"" } };
        for (String[] bad : new String[][] { { "provider", "\"\"" }, { "model", "\"\\u0000\"" },
                { "input_per_million", "\"-1\"" }, { "output_per_million", "\"1e400\"" },
                { "input_per_million", "\"abc\"" }, { "valid_from", "\"not-a-time\"" } }) {
            cases.add(json("rate " + bad[0] + "=" + abbreviate(bad[1]), "PUT", "/v1/admin/rates", Auth.ADMIN,
                    Corpus.object(rate, bad[0], bad[1]), 400, 422));
        }
        for (String value : List.of("\"0\"", "\"-1\"", "\"abc\"", "null", "\"1e400\"")) {
            cases.add(json("settings credits_per_usd=" + value, "PUT", "/v1/admin/settings/billing", Auth.ADMIN,
                    "{\"credits_per_usd\":" + value + "}", 400, 422));
        }
        for (String url : List.of("ftp://example.com/hook", "javascript:alert(1)", "not a url", "http://",
                "https://example.com/" + "p".repeat(3000), "file:///etc/passwd")) {
            cases.add(json("webhook endpoint url=" + abbreviate(url), "POST", "/v1/admin/webhook-endpoints", Auth.ADMIN,
                    "{\"url\":" + Corpus.quote(url) + ",\"event_types\":[\"wallet.low_balance\"]}", 400, 422));
        }
        cases.add(json("webhook endpoint unknown event type", "POST", "/v1/admin/webhook-endpoints", Auth.ADMIN,
                "{\"url\":\"https://example.com/h\",\"event_types\":[\"wallet.hacked\"]}", 422));
        cases.add(json("webhook endpoint no event types", "POST", "/v1/admin/webhook-endpoints", Auth.ADMIN,
                "{\"url\":\"https://example.com/h\",\"event_types\":[]}", 422));
        cases.add(bare("webhook endpoint, bad id", "GET", "/v1/admin/webhook-endpoints/not-a-uuid", Auth.ADMIN, 400, 404));
        cases.add(json("dead-letter replay, nothing named", "POST", "/v1/admin/dead-letters/replay", Auth.ADMIN, "{}", 422));
        cases.add(json("dead-letter replay, bad ids", "POST", "/v1/admin/dead-letters/replay", Auth.ADMIN,
                "{\"ids\":[\"x\", -1]}", 400, 422));
        for (String q : List.of("events?status=BOGUS", "events?from=tomorrow", "events?limit=-1", "events?limit=100000",
                "events?cursor=%27--", "customers?limit=abc", "audit?settle_seconds=-5", "rates?at=nope",
                "dead-letters?status=NOPE")) {
            cases.add(bare("admin read " + q, "GET", "/v1/admin/" + q, Auth.ADMIN, 400, 422));
        }
        for (Auth auth : List.of(Auth.NONE, Auth.WRONG_ADMIN, Auth.KEY)) {
            cases.add(json("create customer with " + auth, "POST", "/v1/admin/customers", auth,
                    "{\"id\":\"hostile-auth\",\"name\":\"x\"}", 401, 403));
            cases.add(json("top-up with " + auth, "POST", customer + "/wallet/top-ups", auth,
                    "{\"amount\":\"5\",\"idempotency_key\":\"hostile-auth\"}", 401, 403));
            cases.add(bare("audit with " + auth, "GET", "/v1/admin/audit", auth, 401, 403));
        }
        cases.add(new HostileCase("admin token with a lowercase scheme and spaces", "GET", "/v1/admin/customers",
                Auth.NONE, List.of("Authorization: bearer  x"), new byte[0], Set.of(401)));
        for (String path : List.of("/v1/nothing", "/v1/admin/customers/%2e%2e/%2e%2e/q/health", "/v1/admin/customers/%zz",
                "/v2/events/ingest", "/v1/admin/customers/" + ids.customer() + "/wallet/top-ups/extra")) {
            cases.add(bare("unknown path " + abbreviate(path), "GET", path, Auth.ADMIN, 400, 404, 405));
        }
        return cases;
    }
}
