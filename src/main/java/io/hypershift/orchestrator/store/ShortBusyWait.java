package io.hypershift.orchestrator.store;

import org.sqlite.BusyHandler;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a connection does while another holds SQLite's write lock: retry after a pause that starts
 * at 50 µs and doubles up to 1 ms, for up to the busy timeout. SQLite's own busy timeout sleeps
 * 1, 2, 5 … up to 100 ms between tries, so under contention the lock sat free while waiters slept
 * and a few unlucky writers waited seconds; this keeps the lock busy and the wait short.
 */
final class ShortBusyWait extends BusyHandler {

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long timeoutNanos;
    private long waitingSince;

    ShortBusyWait(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Called by SQLite on the thread of the waiting connection; 0 gives up with SQLITE_BUSY. */
    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            waitingSince = now;
        } else if (now - waitingSince >= timeoutNanos) {
            return 0;
        }
        LockSupport.parkNanos(Math.min(LONGEST_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(previousCalls, 5)));
        return 1;
    }
}
