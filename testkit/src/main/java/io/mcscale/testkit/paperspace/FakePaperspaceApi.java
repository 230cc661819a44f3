package io.mcscale.testkit.paperspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Paperspace's v1 API (https://api.paperspace.com/v1) on a real loopback HTTP server,
 * so clients are tested over the wire. It checks the Bearer key, serves the real paths and JSON
 * shapes, and runs each machine through {@code off → starting → ready → stopping → off}.
 *
 * <p>Transitions are lazy: a start at time t makes the machine {@code starting} and it becomes
 * {@code ready} at the first request at or after {@code t + startDelay}, read from the given
 * {@link InstantSource}. With a {@code MutableClock} the test decides when that is; with the
 * system clock and short delays it happens for real (for end-to-end tests of the command line).
 *
 * <p>Scripting: {@link #enqueue} makes the next request to a path answer 401/404/429/500, be slow,
 * or drop the connection, optionally after the action took effect (the "did my start happen?"
 * case); {@link #failNextStart} makes a start's event end in {@code error}. Every request is
 * recorded, so a test can assert e.g. that exactly one start reached the machine.
 *
 * <p>Regions and capacity: each machine has a region ({@code ny2} unless {@link #setRegion} says
 * otherwise) and type {@code P4000}. {@code GET /machine-availability?machineType=&region=} answers
 * {@code {"available": bool}}. A region can be scripted out of capacity three ways, alone or together:
 * {@link #setAvailable} (the availability answer), {@link #refuseStartsForCapacity} (a start answers
 * 400 with Paperspace's capacity message) and {@link #keepOffAfterStart} (a start is accepted, but the
 * machine stays {@code off} and its event {@code in progress} until the test moves it with {@link #setState}).
 */
public final class FakePaperspaceApi implements AutoCloseable {
    /** Event states as Paperspace words them. */
    public static final String EVENT_NEW = "new";
    public static final String EVENT_IN_PROGRESS = "in progress";
    public static final String EVENT_DONE = "done";
    public static final String EVENT_ERROR = "error";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** One request as the fake saw it; {@code authorized} tells whether its Bearer key was right (the key itself is not kept). */
    public record RecordedRequest(String method, String path, String query, String body, boolean authorized) {
    }

    /**
     * A scripted answer for the next matching request.
     *
     * @param status      HTTP status to answer with, or 0 to answer normally (after {@code delay})
     * @param message     the error's message, sent as {@code {code, message}}
     * @param retryAfter  value of the Retry-After header, or null
     * @param delay       how long to wait before answering (a slow response)
     * @param drop        close the connection without an answer
     * @param applyFirst  carry out the request (e.g. the start) before failing, so the caller cannot know it happened
     * @param stallBody   answer normally (the request takes effect), send the headers and half the body, then
     *                    nothing for this long before closing: a client whose deadline covers only the headers hangs
     */
    public record Fault(int status, String message, String retryAfter, Duration delay, boolean drop, boolean applyFirst,
            Duration stallBody) {
        public static Fault status(int status, String message) {
            return new Fault(status, message, null, Duration.ZERO, false, false, Duration.ZERO);
        }

        public static Fault tooManyRequests(String retryAfter) {
            return new Fault(429, "Too many requests", retryAfter, Duration.ZERO, false, false, Duration.ZERO);
        }

        public static Fault slow(Duration delay) {
            return new Fault(0, null, null, delay, false, false, Duration.ZERO);
        }

        public static Fault dropConnection() {
            return new Fault(0, null, null, Duration.ZERO, true, false, Duration.ZERO);
        }

        public static Fault stalledBody(Duration stall) {
            return new Fault(0, null, null, Duration.ZERO, false, false, stall);
        }

        /** The same fault, but only after the request took effect. */
        public Fault afterApplying() {
            return new Fault(status, message, retryAfter, delay, drop, true, stallBody);
        }
    }

    private record Scripted(String method, String path, Fault fault) {
    }

    private static final class Machine {
        final String id;
        final String name;
        final String privateIp;
        String region = "ny2";
        boolean keepOffAfterStart;
        final double usageRate;
        final double storageRate;
        String state;
        Event pending;
        String nextStartError;

        Machine(String id, String name, String state, String privateIp, double usageRate, double storageRate) {
            this.id = id;
            this.name = name;
            this.state = state;
            this.privateIp = privateIp;
            this.usageRate = usageRate;
            this.storageRate = storageRate;
        }
    }

    private static final class Event {
        final String id;
        final String name;
        final String machineId;
        final Instant created;
        final Instant due;
        final String finalMachineState;
        final String error;
        String state = EVENT_NEW;
        Instant finished;

        Event(String id, String name, String machineId, Instant created, Instant due, String finalMachineState, String error) {
            this.id = id;
            this.name = name;
            this.machineId = machineId;
            this.created = created;
            this.due = due;
            this.finalMachineState = finalMachineState;
            this.error = error;
        }
    }

    private final String apiKey;
    private final InstantSource clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, Event> events = new HashMap<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Map<String, Integer> applied = new HashMap<>();
    private final AtomicInteger eventIds = new AtomicInteger();
    private Duration startDelay = Duration.ofSeconds(30);
    private Duration stopDelay = Duration.ofSeconds(60);
    private final Set<String> unavailable = new HashSet<>();
    private final Map<String, String> capacityRefusals = new HashMap<>();

    private FakePaperspaceApi(String apiKey, InstantSource clock) throws IOException {
        this.apiKey = apiKey;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-paperspace");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    /** Starts a fake on a free loopback port that accepts {@code apiKey}; time is the system clock. */
    public static FakePaperspaceApi start(String apiKey) throws IOException {
        return new FakePaperspaceApi(apiKey, Clock.systemUTC());
    }

    /** Starts a fake whose machine transitions follow {@code clock}. */
    public static FakePaperspaceApi start(String apiKey, InstantSource clock) throws IOException {
        return new FakePaperspaceApi(apiKey, clock);
    }

    /** The base URL to give a client, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Adds a P4000 ($0.51/h, $5/month storage) in {@code state}, with a private IP derived from its position. */
    public synchronized FakePaperspaceApi addMachine(String id, String state) {
        return addMachine(id, state, "10.0.0." + (machines.size() + 10), 0.51, 5.0);
    }

    public synchronized FakePaperspaceApi addMachine(String id, String state, String privateIp, double usageRate, double storageRate) {
        machines.put(id, new Machine(id, "mcscale-" + id, state, privateIp, usageRate, storageRate));
        return this;
    }

    /** How long starting and stopping take, measured on this fake's clock. */
    public synchronized FakePaperspaceApi setTransitionDelays(Duration start, Duration stop) {
        this.startDelay = start;
        this.stopDelay = stop;
        return this;
    }

    /** Puts the machine in {@code region}, as Paperspace words it (e.g. {@code ny2} or {@code West Coast (CA1)}). */
    public synchronized FakePaperspaceApi setRegion(String machineId, String region) {
        machine(machineId).region = region;
        return this;
    }

    /** What {@code GET /machine-availability} answers for this machine type in this region (true unless set). */
    public synchronized FakePaperspaceApi setAvailable(String machineType, String region, boolean available) {
        if (available) {
            unavailable.remove(machineType + "|" + region);
        } else {
            unavailable.add(machineType + "|" + region);
        }
        return this;
    }

    /** Every start of a machine in {@code region} answers 400 {@code {code, message}} with this message (null: no longer). */
    public synchronized FakePaperspaceApi refuseStartsForCapacity(String region, String message) {
        if (message == null) {
            capacityRefusals.remove(region);
        } else {
            capacityRefusals.put(region, message);
        }
        return this;
    }

    /** Starts of this machine are accepted but it stays off (Paperspace found no host); {@link #setState} moves it later. */
    public synchronized FakePaperspaceApi keepOffAfterStart(String machineId, boolean keepOff) {
        machine(machineId).keepOffAfterStart = keepOff;
        return this;
    }

    /** The next start of {@code machineId} is accepted, but its event ends in {@code error} with this message and the machine falls back to off. */
    public synchronized void failNextStart(String machineId, String message) {
        machine(machineId).nextStartError = message;
    }

    /** The next request with this method whose path (after {@code /v1}) equals {@code path} gets {@code fault}; faults queue up in order. */
    public synchronized void enqueue(String method, String path, Fault fault) {
        script.add(new Scripted(method, path, fault));
    }

    /** The machine's state now (transitions that are due are applied first). */
    public synchronized String state(String machineId) {
        Machine machine = machine(machineId);
        settle(machine, clock.instant());
        return machine.state;
    }

    /** Forces a machine's state, as if someone used the Paperspace console. */
    public synchronized void setState(String machineId, String state) {
        Machine machine = machine(machineId);
        machine.state = state;
        machine.pending = null;
    }

    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many requests with this method and path (after {@code /v1}) arrived, whatever their answer. */
    public synchronized long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    /** How many times {@code action} (start, stop, restart) actually took effect on the machine. */
    public synchronized int appliedActions(String machineId, String action) {
        return applied.getOrDefault(machineId + "/" + action, 0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Machine machine(String machineId) {
        Machine machine = machines.get(machineId);
        if (machine == null) {
            throw new IllegalArgumentException("the fake has no machine " + machineId);
        }
        return machine;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath().substring("/v1".length());
            String body = readBody(exchange.getRequestBody());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean authorized = ("Bearer " + apiKey).equals(auth);
            Fault fault;
            synchronized (this) {
                requests.add(new RecordedRequest(method, path, uri.getRawQuery(), body, authorized));
                fault = takeFault(method, path);
            }
            if (fault != null && !fault.delay().isZero()) {
                sleep(fault.delay());
            }
            if (fault != null && (fault.drop() || fault.status() != 0)) {
                if (fault.applyFirst()) {
                    synchronized (this) {
                        route(method, path, uri.getRawQuery());
                    }
                }
                if (fault.drop()) {
                    // Closing before any response headers makes the JDK server close the socket: the client sees a dropped connection.
                    return;
                }
                if (fault.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", fault.retryAfter());
                }
                send(exchange, fault.status(), error(fault.status(), fault.message()));
                return;
            }
            if (!authorized) {
                send(exchange, 401, error(401, "Invalid API key"));
                return;
            }
            Response response;
            synchronized (this) {
                response = route(method, path, uri.getRawQuery());
            }
            if (fault != null && !fault.stallBody().isZero()) {
                sendStalled(exchange, response.status(), response.body(), fault.stallBody());
                return;
            }
            send(exchange, response.status(), response.body());
        }
    }

    private record Response(int status, ObjectNode body) {
    }

    private Fault takeFault(String method, String path) {
        for (var it = script.iterator(); it.hasNext(); ) {
            Scripted scripted = it.next();
            if (scripted.method().equals(method) && scripted.path().equals(path)) {
                it.remove();
                return scripted.fault();
            }
        }
        return null;
    }

    private Response route(String method, String path, String rawQuery) {
        Instant now = clock.instant();
        machines.values().forEach(m -> settle(m, now));
        String[] parts = path.split("/");
        // parts[0] is empty because the path starts with '/'.
        if (method.equals("GET") && path.equals("/machine-availability")) {
            return availability(query(rawQuery));
        }
        if (method.equals("GET") && path.equals("/machines")) {
            return new Response(200, list(query(rawQuery)));
        }
        if (parts.length == 3 && parts[1].equals("machines") && method.equals("GET")) {
            Machine machine = machines.get(parts[2]);
            return machine == null ? notFound("Machine not found: " + parts[2]) : new Response(200, machineJson(machine));
        }
        if (parts.length == 4 && parts[1].equals("machines") && method.equals("PATCH")) {
            Machine machine = machines.get(parts[2]);
            if (machine == null) {
                return notFound("Machine not found: " + parts[2]);
            }
            return act(machine, parts[3], now);
        }
        if (parts.length == 3 && parts[1].equals("machine-events") && method.equals("GET")) {
            Event event = events.get(parts[2]);
            return event == null ? notFound("Machine event not found: " + parts[2]) : new Response(200, eventJson(event, now));
        }
        return notFound("No route for " + method + " " + path);
    }

    private Response act(Machine machine, String action, Instant now) {
        String required;
        String during;
        String after;
        Duration delay;
        switch (action) {
            case "start" -> { required = "off"; during = "starting"; after = "ready"; delay = startDelay; }
            case "stop" -> { required = "ready"; during = "stopping"; after = "off"; delay = stopDelay; }
            case "restart" -> { required = "ready"; during = "restarting"; after = "ready"; delay = startDelay; }
            default -> { return notFound("No such machine action: " + action); }
        }
        if (!machine.state.equals(required)) {
            return new Response(400, error(400, "Cannot " + action + " machine " + machine.id + " while it is " + machine.state));
        }
        if (action.equals("start") && capacityRefusals.containsKey(machine.region)) {
            return new Response(400, error(400, capacityRefusals.get(machine.region)));
        }
        if (action.equals("start") && machine.keepOffAfterStart) {
            // Accepted, but no host: the event never finishes and the machine reads off until the test moves it.
            Event stuck = new Event("evt" + eventIds.incrementAndGet(), action, machine.id, now, Instant.MAX, after, null);
            events.put(stuck.id, stuck);
            machine.pending = stuck;
            applied.merge(machine.id + "/" + action, 1, Integer::sum);
            ObjectNode body = JSON.createObjectNode();
            body.set("data", machineJson(machine));
            body.set("event", eventJson(stuck, now));
            return new Response(200, body);
        }
        String eventError = action.equals("start") ? machine.nextStartError : null;
        machine.nextStartError = null;
        Event event = new Event("evt" + eventIds.incrementAndGet(), action, machine.id, now, now.plus(delay),
                eventError == null ? after : "off", eventError);
        events.put(event.id, event);
        machine.state = during;
        machine.pending = event;
        applied.merge(machine.id + "/" + action, 1, Integer::sum);
        settle(machine, now);
        ObjectNode body = JSON.createObjectNode();
        body.set("data", machineJson(machine));
        body.set("event", eventJson(event, now));
        return new Response(200, body);
    }

    private void settle(Machine machine, Instant now) {
        Event event = machine.pending;
        if (event == null || now.isBefore(event.due)) {
            return;
        }
        machine.state = event.finalMachineState;
        machine.pending = null;
        event.state = event.error == null ? EVENT_DONE : EVENT_ERROR;
        event.finished = event.due;
    }

    private Response availability(Map<String, String> query) {
        String type = query.get("machineType");
        String region = query.get("region");
        if (type == null || type.isEmpty() || region == null || region.isEmpty()) {
            return new Response(400, error(400, "machineType and region are required"));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("available", !unavailable.contains(type + "|" + region));
        return new Response(200, body);
    }

    private ObjectNode list(Map<String, String> query) {
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        String after = query.get("after");
        List<Machine> all = new ArrayList<>(machines.values());
        int from = 0;
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
        }
        int to = Math.min(all.size(), from + limit);
        ArrayNode items = JSON.createArrayNode();
        all.subList(from, to).forEach(m -> items.add(machineJson(m)));
        boolean hasMore = to < all.size();
        ObjectNode body = JSON.createObjectNode();
        body.put("hasMore", hasMore);
        if (hasMore) {
            body.put("nextPage", all.get(to - 1).id);
        } else {
            body.putNull("nextPage");
        }
        body.set("items", items);
        return body;
    }

    private static ObjectNode machineJson(Machine machine) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", machine.id);
        node.put("name", machine.name);
        node.put("state", machine.state);
        node.put("machineType", "P4000");
        node.put("os", "Ubuntu 22.04");
        node.put("region", machine.region);
        node.put("usageRate", machine.usageRate);
        node.put("storageRate", machine.storageRate);
        node.put("privateIp", machine.privateIp);
        node.putNull("publicIp");
        node.put("dtCreated", "2026-01-05T10:00:00.000Z");
        return node;
    }

    private static ObjectNode eventJson(Event event, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", event.id);
        node.put("name", event.name);
        node.put("machineId", event.machineId);
        String state = event.state.equals(EVENT_NEW) && now.isAfter(event.created) ? EVENT_IN_PROGRESS : event.state;
        node.put("state", state);
        node.put("dtCreated", event.created.toString());
        if (event.finished != null) {
            node.put("dtFinished", event.finished.toString());
        }
        if (state.equals(EVENT_ERROR)) {
            node.put("error", event.error);
        }
        return node;
    }

    private static Response notFound(String message) {
        return new Response(404, error(404, message));
    }

    private static ObjectNode error(int code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", code);
        node.put("message", message);
        return node;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> result = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            result.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return result;
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendStalled(HttpExchange exchange, int status, ObjectNode body, Duration stall) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
        exchange.getResponseBody().flush();
        sleep(stall);
    }

    private static void sleep(Duration delay) {
        // The fake's own slowness, not a test waiting: it must hold the answer back for real so a client's read timeout fires.
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
