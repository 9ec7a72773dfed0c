package io.meterline.testing.hostile;

import java.util.Map;

/**
 * {@code java -cp meterline-testing.jar io.meterline.testing.hostile.HostileMain PORT ADMIN_TOKEN}: sends the bad-input
 * corpus to the ingestion API on 127.0.0.1:PORT, prints the answers per status and every case not answered as
 * documented, and exits 1 if any was not or if anything in the books moved (what {@code scripts/chaos.sh --inputs}
 * runs).
 */
public final class HostileMain {

    private HostileMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HostileMain PORT ADMIN_TOKEN");
            System.exit(2);
        }
        HostileRunner.Report report = new HostileRunner(Integer.parseInt(args[0]), args[1]).run();
        StringBuilder statuses = new StringBuilder();
        for (Map.Entry<Integer, Integer> e : report.byStatus().entrySet()) {
            statuses.append(' ').append(e.getKey()).append('×').append(e.getValue());
        }
        System.out.printf("bad-input corpus: %d requests, %d answered as documented, %d not; answers:%s%n",
                report.results().size(), report.results().size() - report.failures().size(), report.failures().size(),
                statuses);
        report.failures().forEach(f -> System.out.println("  FAIL " + f.hostile() + ": " + f.problem()));
        report.changed().forEach(c -> System.out.println("  CHANGED " + c));
        System.out.println(report.clean() ? "bad-input corpus: PASS (nothing changed, audit clean)" : "bad-input corpus: FAIL");
        System.exit(report.clean() ? 0 : 1);
    }
}
