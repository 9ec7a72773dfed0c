package io.meterline.loadgen.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads customers from text: one {@code customer_id api_key} pair a line (space, tab or comma between them);
 * blank lines and lines starting with '#' are ignored. This is the file scripts/bench.sh writes.
 */
public final class CustomerList {

    private CustomerList() {
    }

    public static List<Customer> read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    public static List<Customer> parse(List<String> lines) {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[\\s,]+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'customer_id api_key'");
            }
            customers.add(new Customer(parts[0], parts[1]));
        }
        return customers;
    }

    /** Parses one {@code customer_id:api_key} argument. */
    public static Customer parseArg(String arg) {
        int colon = arg.indexOf(':');
        if (colon <= 0 || colon == arg.length() - 1) {
            throw new IllegalArgumentException("expected customer_id:api_key, got '" + arg + "'");
        }
        return new Customer(arg.substring(0, colon), arg.substring(colon + 1));
    }
}
