package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The replies of the built-in stub agents. Same input, same reply: a blueprint named after the
 * intent, a build with a deployment URL, a sentinel that vetoes intents containing the word
 * {@value #VETO_WORD}, a healthy SRE check and a cost estimate.
 */
final class StubReplies {

    static final String VETO_WORD = "insecure";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StubReplies() {
    }

    static ObjectNode architect(ObjectNode request) {
        JsonNode intent = request.path("user_intent");
        String description = intent.path("description").asText("");
        String name = slug(description);
        ObjectNode manifest = NODES.objectNode();
        manifest.put("name", name);
        manifest.put("target", intent.path("target").asText("kubernetes"));
        manifest.put("region", "us-east-1");
        manifest.putArray("services").add(name + "-api").add(name + "-worker");
        manifest.put("summary", description);
        ObjectNode reply = NODES.objectNode();
        reply.set("blueprint_manifest", manifest);
        return reply;
    }

    static ObjectNode builder(ObjectNode request) {
        JsonNode manifest = request.path("blueprint_manifest");
        String name = manifest.path("name").asText("app");
        String version = checksum(manifest.toString());
        ObjectNode reply = NODES.objectNode();
        ObjectNode plan = reply.putObject("build_plan");
        plan.put("image", "registry.hypershift.local/" + name + ":" + version);
        plan.putArray("steps").add("compile").add("test").add("package").add("deploy");
        ObjectNode infra = reply.putObject("infra");
        infra.put("replicas", manifest.path("services").size());
        infra.put("cpu", "500m");
        infra.put("memory", "512Mi");
        reply.put("deployment_url", "https://" + name + "-" + version + ".apps.hypershift.local");
        return reply;
    }

    static ObjectNode sentinel(ObjectNode request) {
        boolean veto = request.path("blueprint_manifest").path("summary").asText("")
                .toLowerCase(Locale.ROOT).contains(VETO_WORD);
        ObjectNode reply = NODES.objectNode();
        reply.put("veto", veto);
        reply.put("risk", veto ? "high" : "low");
        reply.putArray("findings").add(veto ? "intent asks for an insecure configuration" : "no policy violations");
        return reply;
    }

    static ObjectNode sre(ObjectNode request) {
        ObjectNode reply = NODES.objectNode();
        reply.put("healthy", true);
        reply.set("deployment_url", request.path("deployment_url"));
        reply.putArray("checks").add("http_200").add("latency_p99_ok").add("error_rate_ok");
        return reply;
    }

    static ObjectNode finops(ObjectNode request) {
        int services = Math.max(1, request.path("blueprint_manifest").path("services").size());
        ObjectNode reply = NODES.objectNode();
        reply.put("estimatedMonthlyCost", 25 + 40 * services);
        reply.put("currency", "USD");
        reply.put("riskLevel", services > 3 ? "medium" : "low");
        return reply;
    }

    private static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        slug = slug.length() > 30 ? slug.substring(0, 30).replaceAll("-+$", "") : slug;
        return slug.isEmpty() ? "app" : slug;
    }

    private static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
