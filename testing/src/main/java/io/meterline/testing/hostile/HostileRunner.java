package io.meterline.testing.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meterline.testing.RawHttp;
import io.meterline.testing.RawHttp.Answer;
import io.meterline.testing.hostile.HostileCase.Auth;

/**
 * Sends the {@link Corpus} to a running ingestion API (HTTP only, nothing but the JDK, so it runs against any
 * deployment) and reports every case not answered as documented. Around the corpus it sets up two fresh customers
 * (keys, one revoked; credits; a charge each) and reads back what a refused request could have changed — wallets,
 * ledgers, usage rows, grants, charges, refunds, webhook endpoints, rates, settings, customers named by refused
 * creates — before and after; any difference is a failure, and so is an audit of either customer that is not clean.
 */
public final class HostileRunner {

    private static final Pattern ERROR_SHAPE = Pattern.compile(
            "^\\{\"error\":\"[A-Z_]+\",\"message\":\"(?:[^\"\\\\]|\\\\.)*\",\"details\":\\[.*\\](?:,.*)?\\}$", Pattern.DOTALL);

    private static final Pattern CHECK = Pattern.compile(
            "\\{\"name\":\"([a-z_]+)\",\"invariant\":\"(?:[^\"\\\\]|\\\\.)*\",\"violations\":(\\d+)");

    /** One case's outcome; {@code problem} is null when it was answered as documented. */
    public record Result(HostileCase hostile, int status, String problem) {
    }

    /** The whole run: the customers it set up, every result, and what moved in the books (empty when nothing did). */
    public record Report(Corpus.Ids ids, List<Result> results, List<String> changed) {

        public List<Result> failures() {
            return results.stream().filter(r -> r.problem() != null).toList();
        }

        public boolean clean() {
            return failures().isEmpty() && changed.isEmpty();
        }

        /** Cases per answered status, e.g. {@code {400=31, 401=14, ...}}. */
        public Map<Integer, Integer> byStatus() {
            Map<Integer, Integer> out = new TreeMap<>();
            results.forEach(r -> out.merge(r.status(), 1, Integer::sum));
            return out;
        }
    }

    private final int port;
    private final String adminToken;
    private final Map<Auth, String> headers = new LinkedHashMap<>();

    public HostileRunner(int port, String adminToken) {
        this.port = port;
        this.adminToken = adminToken;
    }

    public Report run() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Corpus.Ids ids = new Corpus.Ids("hostile-run-" + run, "hostile-other-" + run, "hostile-own-" + run,
                "hostile-theirs-" + run, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        setUp(ids);
        List<String> watched = watched(ids);
        Map<String, String> before = read(watched);
        Map<String, Map<String, Integer>> auditBefore = new LinkedHashMap<>();
        for (String customer : List.of(ids.customer(), ids.other())) {
            auditBefore.put(customer, violations(customer));
        }
        List<Result> results = new ArrayList<>();
        for (HostileCase c : Corpus.cases(ids)) {
            results.add(check(c));
        }
        Map<String, String> after = read(watched);
        List<String> changed = new ArrayList<>();
        before.forEach((path, body) -> {
            if (!body.equals(after.get(path))) {
                changed.add(path + " changed: " + body + " -> " + after.get(path));
            }
        });
        for (String customer : List.of(ids.customer(), ids.other())) {
            Map<String, Integer> audit = violations(customer);
            auditBefore.get(customer).forEach((check, count) -> {
                if (!count.equals(audit.get(check))) {
                    changed.add("audit of " + customer + ": " + check + " " + count + " -> " + audit.get(check));
                }
            });
            audit.forEach((check, count) -> {
                if (count > 0) {
                    changed.add("audit of " + customer + ": " + check + " reports " + count);
                }
            });
        }
        return new Report(ids, results, changed);
    }

    private void setUp(Corpus.Ids ids) throws IOException {
        headers.put(Auth.ADMIN, "Authorization: Bearer " + adminToken);
        headers.put(Auth.WRONG_ADMIN, "Authorization: Bearer " + adminToken + "x");
        headers.put(Auth.UNKNOWN_KEY, "X-Api-Key: ml_" + "0".repeat(40));
        headers.put(Auth.NONE, null);
        for (String customer : List.of(ids.customer(), ids.other())) {
            expect(201, "POST", "/v1/admin/customers", "{\"id\":\"" + customer + "\",\"name\":\"Hostile corpus\"}");
            expect(201, "POST", "/v1/admin/customers/" + customer + "/wallet/top-ups",
                    "{\"amount\":\"1000\",\"idempotency_key\":\"corpus\"}");
        }
        headers.put(Auth.KEY, "X-Api-Key: " + field(expect(201, "POST", "/v1/admin/customers/" + ids.customer()
                + "/api-keys", "{\"name\":\"corpus\"}"), "api_key"));
        headers.put(Auth.OTHER_KEY, "X-Api-Key: " + field(expect(201, "POST", "/v1/admin/customers/" + ids.other()
                + "/api-keys", "{\"name\":\"corpus\"}"), "api_key"));
        String revoked = expect(201, "POST", "/v1/admin/customers/" + ids.customer() + "/api-keys", "{\"name\":\"old\"}");
        headers.put(Auth.REVOKED_KEY, "X-Api-Key: " + field(revoked, "api_key"));
        call("DELETE", "/v1/admin/api-keys/" + field(revoked, "key_id"), Auth.ADMIN, null);
        expect(201, "POST", "/v1/admin/customers/" + ids.customer() + "/charges",
                "{\"request_id\":\"" + ids.charge() + "\",\"amount\":\"10\"}");
        expect(201, "POST", "/v1/admin/customers/" + ids.other() + "/charges",
                "{\"request_id\":\"" + ids.otherCharge() + "\",\"amount\":\"10\"}");
    }

    private static List<String> watched(Corpus.Ids ids) {
        List<String> paths = new ArrayList<>();
        for (String customer : List.of(ids.customer(), ids.other())) {
            String c = "/v1/admin/customers/" + customer;
            paths.addAll(List.of(c, c + "/wallet", c + "/wallet/transactions?limit=100", c + "/grants", c + "/charges",
                    c + "/refunds", c + "/subscription", c + "/reservations", "/v1/admin/events?customer_id=" + customer + "&limit=100"));
        }
        paths.addAll(List.of("/v1/admin/customers/hostile-new", "/v1/admin/customers/hostile-auth",
                "/v1/admin/webhook-endpoints?limit=200", "/v1/admin/rates?provider=openai&model=hostile-model",
                "/v1/admin/settings/billing", "/v1/admin/plans/hostile-plan"));
        return paths;
    }

    /**
     * The customer's audit, check by check. pending_too_old is left out: it counts the whole events topic's backlog
     * (any customer's), which refused requests cannot add to — a 202 among them already fails its case.
     */
    private Map<String, Integer> violations(String customer) throws IOException {
        String audit = call("GET", "/v1/admin/audit?customer_id=" + customer, Auth.ADMIN, null).body();
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = CHECK.matcher(audit);
        while (m.find()) {
            if (!m.group(1).equals("pending_too_old")) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no audit checks in " + audit);
        }
        return out;
    }

    private Map<String, String> read(List<String> paths) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : paths) {
            Answer a = call("GET", path, Auth.ADMIN, null);
            out.put(path, a.status() + " " + a.body());
        }
        return out;
    }

    private Result check(HostileCase c) {
        Answer a;
        try {
            a = call(c.method(), c.target(), c.auth(), c);
        } catch (IOException e) {
            return new Result(c, -1, "no answer: " + e.getMessage());
        }
        String type = a.header("Content-Type");
        if (!c.expected().contains(a.status())) {
            return new Result(c, a.status(), "answered " + a.status() + ", documented " + c.expected() + ": "
                    + IngestCases.abbreviate(a.body()));
        }
        if (type == null || !type.startsWith("application/json") || !ERROR_SHAPE.matcher(a.body()).matches()) {
            return new Result(c, a.status(), "not the one error shape (" + type + "): " + IngestCases.abbreviate(a.body()));
        }
        return new Result(c, a.status(), null);
    }

    private String expect(int status, String method, String path, String json) throws IOException {
        Answer a = call(method, path, Auth.ADMIN, HostileCase.json("set-up", method, path, Auth.ADMIN, json, status));
        if (a.status() != status) {
            throw new IOException("set-up " + method + " " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.body();
    }

    private Answer call(String method, String target, Auth auth, HostileCase c) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        String credentials = headers.get(auth);
        if (credentials != null) {
            head.append(credentials).append("\r\n");
        }
        byte[] body = c == null ? new byte[0] : c.body();
        boolean ownLength = false;
        for (String line : c == null ? List.<String>of() : c.headers()) {
            head.append(line).append("\r\n");
            ownLength |= line.regionMatches(true, 0, "Content-Length:", 0, 15);
        }
        if (!ownLength && (body.length > 0 || !method.equals("GET"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return RawHttp.exchange(port, head.toString().getBytes(StandardCharsets.UTF_8), body);
    }

    private static String field(String json, String name) throws IOException {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IOException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
