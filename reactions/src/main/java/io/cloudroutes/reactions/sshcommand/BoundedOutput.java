package io.cloudroutes.reactions.sshcommand;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first bytes the command writes to stdout and stderr (both streams into one, in arrival order) and counts
 * the rest, so a chatty command cannot fill the memory or the run's output.
 */
final class BoundedOutput extends OutputStream {

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = Math.max(0, limit - kept.size());
        int keep = Math.min(room, length);
        kept.write(bytes, offset, keep);
        dropped += length - keep;
    }

    /** What was kept, as UTF-8, with a note of how much was cut; "(no output)" when there was none. */
    synchronized String text() {
        if (kept.size() == 0) {
            return "(no output)";
        }
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + "\n… (" + dropped + " more bytes not kept)";
    }
}
