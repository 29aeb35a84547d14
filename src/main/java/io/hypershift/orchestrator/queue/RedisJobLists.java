package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RedisConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Every operation on the queue's Redis keys (see {@link QueueKeys}), after the Redis "reliable
 * queue" pattern: a job is moved atomically from the queue into the taker's processing list,
 * and leaves that list only when it is acknowledged, retried, buried or put back. Operations
 * that touch several keys are Lua scripts, so each is atomic. Every command is bounded in time.
 */
@ApplicationScoped
public class RedisJobLists {

    private static final String ACK = """
            local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
            if ARGV[2] ~= '' then redis.call('HDEL', KEYS[2], ARGV[2]) end
            return removed""";

    private static final String RETRY = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then
              redis.call('LPUSH', KEYS[2], ARGV[1])
              return 1
            end
            return 0""";

    private static final String BURY = """
            local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
            if removed > 0 then redis.call('LPUSH', KEYS[2], ARGV[1]) end
            if ARGV[2] ~= '' then redis.call('HDEL', KEYS[3], ARGV[2]) end
            return removed""";

    /** The oldest taken job ends up at the right end of the queue, so it is the next one taken. */
    private static final String RETURN_ALL = """
            local moved = {}
            while true do
              local job = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
              if not job then return moved end
              table.insert(moved, job)
            end""";

    /** Nil while the heartbeat key lives; otherwise like RETURN_ALL. */
    private static final String RECLAIM_IF_DEAD = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return nil end
            local moved = {}
            while true do
              local job = redis.call('LMOVE', KEYS[2], KEYS[3], 'LEFT', 'RIGHT')
              if not job then return moved end
              table.insert(moved, job)
            end""";

    private static final String REQUEUE_EACH = """
            local moved = {}
            for _, job in ipairs(ARGV) do
              if redis.call('LREM', KEYS[1], 1, job) > 0 then
                redis.call('RPUSH', KEYS[2], job)
                table.insert(moved, job)
              end
            end
            return moved""";

    /**
     * The queue and every processing list, read in one atomic step: the processing lists are found
     * inside the script, so a job moving into a list created meanwhile cannot be missed. The
     * script scans the keyspace, which is small on a Redis dedicated to the queue.
     */
    private static final String SNAPSHOT = """
            local jobs = redis.call('LRANGE', KEYS[1], 0, -1)
            local cursor = '0'
            repeat
              local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
              cursor = page[1]
              for _, key in ipairs(page[2]) do
                for _, job in ipairs(redis.call('LRANGE', key, 0, -1)) do table.insert(jobs, job) end
              end
            until cursor == '0'
            return jobs""";

    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedisClients clients;
    private final Duration commandTimeout;

    RedisJobLists(RedisClients clients, RedisConfig config) {
        this.clients = clients;
        this.commandTimeout = config.commandTimeout();
    }

    // ---- producers ---------------------------------------------------------------------------

    /** Appends a job at the back of the queue. */
    public Uni<Void> push(String payload) {
        return send(Request.cmd(Command.LPUSH).arg(QueueKeys.QUEUE).arg(payload)).replaceWithVoid();
    }

    // ---- consumers ---------------------------------------------------------------------------

    /**
     * Waits up to {@code timeout} for a job and moves it into the consumer's processing list, on
     * the consumer's own connection; null when none came.
     */
    public Uni<String> take(Redis blocking, String consumerId, Duration timeout) {
        Request request = Request.cmd(Command.BLMOVE).arg(QueueKeys.QUEUE).arg(QueueKeys.processing(consumerId))
                .arg("RIGHT").arg("LEFT").arg(String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0));
        return bounded(blocking.send(request), timeout.plus(commandTimeout)).map(r -> r == null ? null : r.toString());
    }

    /** Counts one more delivery of the run's job and returns the count. */
    public Uni<Long> countDelivery(String runId) {
        return send(Request.cmd(Command.HINCRBY).arg(QueueKeys.DELIVERIES).arg(runId).arg(1)).map(Response::toLong);
    }

    /** The job is done: it leaves the processing list and its delivery count is forgotten. */
    public Uni<Void> acknowledge(String consumerId, String payload, String runId) {
        return eval(ACK, List.of(QueueKeys.processing(consumerId), QueueKeys.DELIVERIES), List.of(payload, orEmpty(runId)))
                .replaceWithVoid();
    }

    /** Puts a job taken by this consumer at the back of the queue again; false if it was no longer held. */
    public Uni<Boolean> retry(String consumerId, String payload) {
        return eval(RETRY, List.of(QueueKeys.processing(consumerId), QueueKeys.QUEUE), List.of(payload))
                .map(r -> r.toLong() > 0);
    }

    /** Moves a job taken by this consumer to the dead list. */
    public Uni<Void> bury(String consumerId, String payload, String runId) {
        return eval(BURY, List.of(QueueKeys.processing(consumerId), QueueKeys.DEAD, QueueKeys.DELIVERIES),
                List.of(payload, orEmpty(runId))).replaceWithVoid();
    }

    /** Puts every job of the consumer's processing list back at the front of the queue; returns them. */
    public Uni<List<String>> returnAll(String consumerId) {
        return eval(RETURN_ALL, List.of(QueueKeys.processing(consumerId), QueueKeys.QUEUE), List.of())
                .map(RedisJobLists::strings);
    }

    /**
     * Puts back, at the front of the queue, the jobs of the consumer's processing list that it is
     * not executing ({@code executing} may hold a payload more than once); returns them.
     */
    public Uni<List<String>> requeueAllBut(String consumerId, Collection<String> executing) {
        String processing = QueueKeys.processing(consumerId);
        return send(Request.cmd(Command.LRANGE).arg(processing).arg(0).arg(-1))
                .map(held -> orphans(strings(held), executing))
                .chain(orphans -> orphans.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : eval(REQUEUE_EACH, List.of(processing, QueueKeys.QUEUE), orphans).map(RedisJobLists::strings));
    }

    public Uni<Void> heartbeat(String consumerId, Duration ttl) {
        return send(Request.cmd(Command.SET).arg(QueueKeys.heartbeat(consumerId)).arg(consumerId)
                .arg("PX").arg(ttl.toMillis())).replaceWithVoid();
    }

    public Uni<Void> removeHeartbeat(String consumerId) {
        return send(Request.cmd(Command.DEL).arg(QueueKeys.heartbeat(consumerId))).replaceWithVoid();
    }

    // ---- maintenance -------------------------------------------------------------------------

    /** Ids of the consumers that have a processing list, alive or not. */
    public Uni<List<String>> consumersWithJobs() {
        return processingKeys().map(keys -> keys.stream().map(QueueKeys::consumerOf).toList());
    }

    /**
     * If the consumer's heartbeat has expired, puts all its jobs back at the front of the queue and
     * returns them; an empty list while it is alive. Checked and moved in one step, so a consumer
     * that beats again in between keeps its jobs.
     */
    public Uni<List<String>> reclaimIfDead(String consumerId) {
        return eval(RECLAIM_IF_DEAD, List.of(QueueKeys.heartbeat(consumerId), QueueKeys.processing(consumerId), QueueKeys.QUEUE),
                List.of()).map(RedisJobLists::strings);
    }

    /** Every job waiting or taken, read atomically across the queue and the processing lists. */
    public Uni<List<String>> allLiveJobs() {
        return eval(SNAPSHOT, List.of(QueueKeys.QUEUE), List.of(QueueKeys.PROCESSING_PREFIX + "*"))
                .map(RedisJobLists::strings);
    }

    public Uni<Long> queued() {
        return send(Request.cmd(Command.LLEN).arg(QueueKeys.QUEUE)).map(Response::toLong);
    }

    public Uni<Long> dead() {
        return send(Request.cmd(Command.LLEN).arg(QueueKeys.DEAD)).map(Response::toLong);
    }

    /** Takes a lock for {@code ttl} unless someone else holds it. */
    public Uni<Boolean> tryLock(String name, String token, Duration ttl) {
        return send(Request.cmd(Command.SET).arg(QueueKeys.lock(name)).arg(token).arg("NX").arg("PX").arg(ttl.toMillis()))
                .map(r -> r != null);
    }

    /** Releases a lock if it is still ours. */
    public Uni<Void> unlock(String name, String token) {
        return eval(UNLOCK, List.of(QueueKeys.lock(name)), List.of(token)).replaceWithVoid();
    }

    public Uni<Void> ping() {
        return send(Request.cmd(Command.PING)).replaceWithVoid();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private Uni<List<String>> processingKeys() {
        return scan("0", new ArrayList<>());
    }

    private Uni<List<String>> scan(String cursor, List<String> found) {
        return send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(QueueKeys.PROCESSING_PREFIX + "*")
                .arg("COUNT").arg(500))
                .chain(reply -> {
                    found.addAll(strings(reply.get(1)));
                    String next = reply.get(0).toString();
                    return "0".equals(next) ? Uni.createFrom().item(found) : scan(next, found);
                });
    }

    private Uni<Response> eval(String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return send(request);
    }

    private Uni<Response> send(Request request) {
        return bounded(clients.shared().send(request), commandTimeout);
    }

    private static Uni<Response> bounded(Uni<Response> command, Duration timeout) {
        return command.ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms"));
    }

    private static List<String> orphans(List<String> held, Collection<String> executing) {
        Map<String, Integer> running = new HashMap<>();
        executing.forEach(job -> running.merge(job, 1, Integer::sum));
        List<String> orphans = new ArrayList<>();
        for (String job : held) {
            if (running.getOrDefault(job, 0) > 0) {
                running.merge(job, -1, Integer::sum);
            } else {
                orphans.add(job);
            }
        }
        return orphans;
    }

    private static List<String> strings(Response array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> values.add(item.toString()));
        }
        return values;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
