package io.meterline.testing.hostile;

import static io.meterline.testing.hostile.HostileCase.bare;
import static io.meterline.testing.hostile.HostileCase.json;
import static io.meterline.testing.hostile.IngestCases.abbreviate;

import java.util.ArrayList;
import java.util.List;

import io.meterline.testing.hostile.HostileCase.Auth;

/**
 * Hostile requests at the plans issue's endpoints: reservations (API key), spend mode and auto top-up (admin),
 * plans, subscriptions and stats (admin). Refused holds must leave {@code held} as it was; the runner reads the
 * wallet back.
 */
final class SpendAndPlanCases {

    private SpendAndPlanCases() {
    }

    static List<HostileCase> all(Corpus.Ids ids) {
        List<HostileCase> cases = new ArrayList<>();
        String[][] hold = { { "reservation_id", "\"hostile-hold\"" }, { "estimate", "\"5\"" }, { "ttl_seconds", "60" } };
        for (String amount : CustomerApiCases.BAD_AMOUNTS) {
            cases.add(json("reserve estimate=" + abbreviate(amount), "POST", "/v1/reservations", Auth.KEY,
                    Corpus.object(hold, "estimate", amount), 400, 422));
        }
        for (String ttl : List.of("0", "-1", "86401", "1.5", "\"60\"", "1e400", "true")) {
            cases.add(json("reserve ttl_seconds=" + ttl, "POST", "/v1/reservations", Auth.KEY,
                    Corpus.object(hold, "ttl_seconds", ttl), 400, 422));
        }
        for (String field : List.of("reservation_id", "feature_id")) {
            for (String value : IngestCases.BAD_STRINGS) {
                cases.add(json("reserve " + field + "=" + abbreviate(value), "POST", "/v1/reservations", Auth.KEY,
                        Corpus.object(hold, field, value), 400, 422));
            }
        }
        cases.add(json("reserve without key", "POST", "/v1/reservations", Auth.NONE, Corpus.object(hold, "", null), 401));
        cases.add(json("reserve with a revoked key", "POST", "/v1/reservations", Auth.REVOKED_KEY,
                Corpus.object(hold, "", null), 401));
        cases.add(bare("unknown reservation", "GET", "/v1/reservations/hostile-none", Auth.KEY, 404));
        cases.add(bare("release an unknown reservation", "DELETE", "/v1/reservations/hostile-none", Auth.KEY, 404));
        String customer = "/v1/admin/customers/" + ids.customer();
        for (String mode : List.of("\"hard\"", "\"NONE\"", "1", "\"HARD\\u0000\"")) {
            cases.add(json("spend_mode=" + mode, "PATCH", customer + "/wallet", Auth.ADMIN,
                    "{\"spend_mode\":" + mode + "}", 400, 422));
        }
        for (String topUp : List.of("{\"threshold\":\"100\",\"target\":\"50\"}", "{\"threshold\":\"-1\",\"target\":\"5\"}",
                "{\"threshold\":\"1\"}", "{\"threshold\":\"abc\",\"target\":\"5\"}", "[]", "\"on\"",
                "{\"threshold\":\"1\",\"target\":\"1e400\"}")) {
            cases.add(json("auto_top_up=" + abbreviate(topUp), "PATCH", customer, Auth.ADMIN,
                    "{\"auto_top_up\":" + topUp + "}", 400, 422));
        }
        for (String zone : List.of("\"Mars/Olympus\"", "\"+05:00\"", "\"SystemV/EST5\"", "\"\\u0000\"", "5")) {
            cases.add(json("time_zone=" + zone, "PATCH", customer, Auth.ADMIN, "{\"time_zone\":" + zone + "}", 400, 422));
        }
        String[][] plan = { { "plan_id", "\"hostile-plan\"" }, { "name", "\"Hostile\"" }, { "monthly_credits", "\"100\"" },
                { "rollover", "\"NONE\"" }, { "grant_priority", "10" } };
        for (String[] bad : new String[][] { { "monthly_credits", "\"-1\"" }, { "monthly_credits", "\"0\"" },
                { "monthly_credits", "\"1e400\"" }, { "rollover", "\"SOME\"" }, { "rollover", "\"CAPPED\"" },
                { "rollover_max", "\"5\"" }, { "grant_priority", "-1" }, { "grant_priority", "\"x\"" },
                { "plan_id", "\"\\u0000\"" }, { "plan_id", "\"" + "p".repeat(300) + "\"" }, { "name", "null" } }) {
            cases.add(json("plan " + bad[0] + "=" + abbreviate(bad[1]), "POST", "/v1/admin/plans", Auth.ADMIN,
                    Corpus.object(plan, bad[0], bad[1]), 400, 422));
        }
        cases.add(bare("unknown plan", "GET", "/v1/admin/plans/hostile-none", Auth.ADMIN, 404));
        for (String body : List.of("{\"plan_id\":\"hostile-none\"}", "{\"plan_id\":\"hostile-none\",\"anchor_day\":32}",
                "{\"plan_id\":\"hostile-none\",\"anchor_day\":0}", "{\"plan_id\":\"hostile-none\",\"starts_at\":\"soon\"}",
                "{}")) {
            cases.add(json("subscribe " + abbreviate(body), "POST", customer + "/subscription", Auth.ADMIN, body,
                    400, 404, 422));
        }
        cases.add(bare("cancel a subscription that does not exist", "DELETE", customer + "/subscription", Auth.ADMIN, 404));
        for (String q : List.of("", "from=yesterday", "from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from=2026-01-01T00:00:00Z&period=week",
                "from=2026-01-01T00:00:00Z&customer_id=hostile-none")) {
            cases.add(bare("stats ?" + abbreviate(q), "GET", "/v1/admin/stats?" + q, Auth.ADMIN, 400, 404, 422));
        }
        cases.add(bare("stats with an API key", "GET", "/v1/admin/stats?from=2026-01-01T00:00:00Z", Auth.KEY, 401, 403));
        return cases;
    }
}
