package io.meterline.testing.hostile;

import static io.meterline.testing.hostile.HostileCase.bare;
import static io.meterline.testing.hostile.HostileCase.json;
import static io.meterline.testing.hostile.IngestCases.abbreviate;

import java.util.ArrayList;
import java.util.List;

import io.meterline.testing.hostile.HostileCase.Auth;

/**
 * Hostile requests at the rest of the customer API (API key): balance, usage, charges and refunds. Charges and
 * refunds are the API's other writes, so each body is refused before anything is posted; reads of another customer's
 * items answer 404 as for unknown ones.
 */
final class CustomerApiCases {

    /** Amounts no charge, refund, top-up or grant accepts. */
    static final List<String> BAD_AMOUNTS = List.of("\"0\"", "\"-5\"", "-5", "\"1e400\"", "1e400", "\"abc\"", "\"NaN\"",
            "\"Infinity\"", "true", "[]", "{}", "null", "\"1,5\"", "\"0x10\"", "\"\uff15\"", "\"1" + "0".repeat(40) + "\"",
            "\"0.0000000000000000001\"");

    private CustomerApiCases() {
    }

    static List<HostileCase> all(Corpus.Ids ids) {
        List<HostileCase> cases = new ArrayList<>();
        for (String q : List.of("estimate=abc", "estimate=-1", "estimate=1e400", "estimate=NaN", "estimate=%00",
                "estimate=1%2C5")) {
            cases.add(bare("balance ?" + q, "GET", "/v1/balance?" + q, Auth.KEY, 400, 422));
        }
        cases.add(bare("balance without key", "GET", "/v1/balance", Auth.NONE, 401));
        cases.add(bare("balance with revoked key", "GET", "/v1/balance", Auth.REVOKED_KEY, 401));
        for (String q : List.of("period=weekly", "period=hourly&from=yesterday", "period=daily&from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z",
                "period=hourly&group_by=customer_id", "period=hourly&group_by=feature%27%3B--", "period=daily&from=0000-01-01T00:00:00Z",
                "period=hourly&from=2020-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "period=%zz")) {
            cases.add(bare("usage ?" + abbreviate(q), "GET", "/v1/usage?" + q, Auth.KEY, 400, 422));
        }
        String[][] chargeFields = { { "request_id", "\"hostile-charge\"" }, { "amount", "\"1\"" },
                { "feature_id", "\"x\"" } };
        String charge = Corpus.object(chargeFields, "", null);
        for (String amount : BAD_AMOUNTS) {
            cases.add(json("charge amount=" + abbreviate(amount), "POST", "/v1/charges", Auth.KEY,
                    Corpus.object(chargeFields, "amount", amount), 400, 422));
        }
        for (String field : List.of("request_id", "feature_id", "description")) {
            for (String value : IngestCases.BAD_STRINGS) {
                cases.add(json("charge " + field + "=" + abbreviate(value), "POST", "/v1/charges", Auth.KEY,
                        Corpus.object(chargeFields, field, value), 400, 422));
            }
        }
        cases.add(json("charge metadata not an object", "POST", "/v1/charges", Auth.KEY,
                Corpus.object(chargeFields, "metadata", "[1]"), 422));
        cases.add(json("charge, the same request id as an existing one with another amount", "POST", "/v1/charges",
                Auth.KEY, "{\"request_id\":" + Corpus.quote(ids.charge()) + ",\"amount\":\"999\"}", 409));
        cases.add(json("charge without key", "POST", "/v1/charges", Auth.NONE, charge, 401));
        cases.add(bare("another customer's charge", "GET", "/v1/charges/" + ids.otherCharge(), Auth.KEY, 404));
        cases.add(bare("charge lookup, injection-like id", "GET", "/v1/charges/%27%20OR%201%3D1--", Auth.KEY, 404));
        String refund = "{\"refund_id\":\"hostile-refund\",\"charge_request_id\":" + Corpus.quote(ids.charge())
                + ",\"reason\":\"r\"";
        cases.add(json("refund beyond the charge", "POST", "/v1/refunds", Auth.KEY, refund + ",\"amount\":\"1000\"}", 422));
        for (String amount : BAD_AMOUNTS.stream().filter(a -> !a.equals("null")).toList()) { // null: refund it all
            cases.add(json("refund amount=" + abbreviate(amount), "POST", "/v1/refunds", Auth.KEY,
                    refund + ",\"amount\":" + amount + "}", 400, 422));
        }
        cases.add(json("refund of another customer's charge", "POST", "/v1/refunds", Auth.KEY,
                "{\"refund_id\":\"hostile-refund\",\"charge_request_id\":" + Corpus.quote(ids.otherCharge())
                        + ",\"reason\":\"r\"}", 404, 422));
        cases.add(json("refund of an unknown event", "POST", "/v1/refunds", Auth.KEY,
                "{\"refund_id\":\"hostile-refund\",\"event_id\":\"00000000-0000-4000-8000-000000000000\",\"reason\":\"r\"}",
                404, 422));
        cases.add(json("refund naming a charge and an event", "POST", "/v1/refunds", Auth.KEY,
                refund + ",\"event_id\":\"00000000-0000-4000-8000-000000000000\"}", 422));
        cases.add(json("refund naming neither", "POST", "/v1/refunds", Auth.KEY,
                "{\"refund_id\":\"hostile-refund\",\"reason\":\"r\"}", 422));
        cases.add(json("refund without reason", "POST", "/v1/refunds", Auth.KEY,
                "{\"refund_id\":\"hostile-refund\",\"charge_request_id\":" + Corpus.quote(ids.charge()) + "}", 422));
        cases.add(json("refund id with NUL", "POST", "/v1/refunds", Auth.KEY,
                refund.replace("hostile-refund", "\\u0000") + "}", 422));
        return cases;
    }
}
