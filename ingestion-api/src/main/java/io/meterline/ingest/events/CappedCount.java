package io.meterline.ingest.events;

import java.io.IOException;
import java.io.OutputStream;

/** Counts bytes written and fails past the cap, so a large object is measured without being held in memory. */
final class CappedCount extends OutputStream {

    private final int cap;
    private int count;

    CappedCount(int cap) {
        this.cap = cap;
    }

    @Override
    public void write(int b) throws IOException {
        add(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        add(len);
    }

    private void add(int n) throws IOException {
        count += n;
        if (count > cap) {
            throw new IOException("over " + cap + " bytes");
        }
    }
}
