package io.meterline.testing.hostile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-input corpus (issue 15): hostile requests at every public endpoint of the ingestion API, each with the
 * statuses it documents. {@link HostileRunner} sends them and checks that none is answered otherwise, none gets a
 * 5xx or another body than the one error shape, and that the books did not move.
 */
public final class Corpus {

    /**
     * What the cases refer to, set up by the runner beforehand.
     *
     * @param customer the corpus customer (its key is {@link HostileCase.Auth#KEY})
     * @param other another customer ({@link HostileCase.Auth#OTHER_KEY})
     * @param charge a charge of the corpus customer (10 credits)
     * @param otherCharge a charge of the other customer
     * @param now an instant inside the ingest window, RFC 3339
     */
    public record Ids(String customer, String other, String charge, String otherCharge, String now) {
    }

    private Corpus() {
    }

    public static List<HostileCase> cases(Ids ids) {
        List<HostileCase> cases = new ArrayList<>();
        cases.addAll(IngestCases.all(ids));
        cases.addAll(CustomerApiCases.all(ids));
        cases.addAll(AdminCases.all(ids));
        cases.addAll(SpendAndPlanCases.all(ids));
        // names are abbreviated values: number the ones that come out alike
        Map<String, Integer> seen = new HashMap<>();
        List<HostileCase> named = new ArrayList<>(cases.size());
        for (HostileCase c : cases) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            named.add(n == 1 ? c : new HostileCase(c.name() + " #" + n, c.method(), c.target(), c.auth(), c.headers(),
                    c.body(), c.expected()));
        }
        return named;
    }

    /** A JSON string literal of {@code s} (the ids used here need no escapes beyond quotes and backslashes). */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A JSON object of the {@code base} fields (name, raw JSON value) in order, with {@code field} set to the raw
     * {@code value} (added at the end when not in base) or left out when {@code value} is null.
     */
    static String object(String[][] base, String field, String value) {
        StringBuilder json = new StringBuilder("{");
        boolean replaced = false;
        for (String[] f : base) {
            boolean hit = f[0].equals(field);
            replaced |= hit;
            String v = hit ? value : f[1];
            if (v != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(v);
            }
        }
        if (!replaced && value != null) {
            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
        }
        return json.append('}').toString();
    }
}
