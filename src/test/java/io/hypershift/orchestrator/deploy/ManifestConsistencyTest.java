package io.hypershift.orchestrator.deploy;

import io.hypershift.orchestrator.queue.QueueKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kubernetes manifests (k8s/) and the images (src/main/docker/) agree with what the application
 * serves and reads, so neither side can drift alone. The YAML files are parsed directly rather than
 * rendered with kustomize, so the test needs no kubectl and no Quarkus boot.
 */
class ManifestConsistencyTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path DOCKER = Path.of("src/main/docker");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    /** The Deployments that run the service's image, each named after the role it runs. */
    private static final List<String> ROLES = List.of("api", "worker");
    private static final String IMAGE = "hypershift-orchestrator";
    /** {@code ${NAME} or ${NAME:default}}: an environment name the application reads, and its default. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}$]*))?");

    private static Properties config;
    private static List<Manifest> manifests;

    /** One YAML document and the file it came from. */
    record Manifest(Path file, Map<?, ?> doc) {

        String kind() {
            return text(doc, "kind");
        }

        String name() {
            return text(doc, "metadata", "name");
        }
    }

    /** An application setting: the environment name that overrides it and its value when unset. */
    record Setting(String envName, String defaultValue) {
    }

    @BeforeAll
    static void load() throws IOException {
        config = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
            config.load(reader);
        }
        manifests = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Object doc : new Yaml().loadAll(reader)) {
                    if (doc instanceof Map<?, ?> map) {
                        manifests.add(new Manifest(file, map));
                    }
                }
            }
        }
    }

    @Test
    void probesUseTheHealthPathsAndPortTheApplicationServes() {
        String ready = healthPath("quarkus.smallrye-health.readiness-path", "ready");
        String live = healthPath("quarkus.smallrye-health.liveness-path", "live");
        Set<String> served = Set.of(ready, live, healthPath("quarkus.smallrye-health.startup-path", "started"));
        for (String role : ROLES) {
            Map<?, ?> container = appContainer(role);
            assertThat(probePath(role, container, "readinessProbe")).as("%s readiness path", role).isEqualTo(ready);
            assertThat(probePath(role, container, "livenessProbe")).as("%s liveness path", role).isEqualTo(live);
            if (container.containsKey("startupProbe")) {
                assertThat(probePath(role, container, "startupProbe")).as("%s start-up path", role).isIn(served);
            }
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                if (container.containsKey(probe)) {
                    Object port = node(container, probe, "httpGet", "port");
                    assertThat(port).as("%s %s port: the name of a container port", role, probe).isInstanceOf(String.class);
                    assertThat(containerPort(role, (String) port)).as("%s container port %s", role, port).isEqualTo(httpPort());
                }
            }
            String portOverride = environmentOf(role).get(httpPortSetting().envName());
            if (portOverride != null) {
                assertThat(portOverride).as("%s %s", role, httpPortSetting().envName()).isEqualTo(httpPort());
            }
        }
    }

    @Test
    void everyEnvironmentNameSetIsOneTheApplicationReads() {
        Set<String> read = new TreeSet<>(Set.of("QUARKUS_PROFILE"));
        for (String key : config.stringPropertyNames()) {
            read.add(envForm(key));
            Matcher reference = ENV_REFERENCE.matcher(config.getProperty(key));
            while (reference.find()) {
                read.add(reference.group(1));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String role : ROLES) {
            for (String name : environmentOf(role).keySet()) {
                if (!read.contains(name) && !name.startsWith("JAVA_OPTS")) {
                    unknown.add(name);
                }
            }
        }
        assertThat(unknown).as("environment names the manifests set but application.properties never reads").isEmpty();
    }

    @Test
    void eachRoleRunsAProfileThatExistsAndSelectsThatRole() {
        Set<String> defined = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("%")) {
                defined.addAll(Arrays.asList(key.substring(1, key.indexOf('.')).split(",")));
            }
        }
        for (String role : ROLES) {
            String profiles = environmentOf(role).get("QUARKUS_PROFILE");
            assertThat(profiles).as("QUARKUS_PROFILE of the %s Deployment", role).isNotBlank();
            String roleSelected = config.getProperty("hypershift.role", "api");
            for (String profile : profiles.split(",")) {
                assertThat(defined).as("profiles with %%name. lines in application.properties").contains(profile.trim());
                // Of several active profiles the last one wins.
                roleSelected = config.getProperty("%" + profile.trim() + ".hypershift.role", roleSelected);
            }
            roleSelected = environmentOf(role).getOrDefault(envForm("hypershift.role"), roleSelected);
            assertThat(roleSelected).as("hypershift.role under QUARKUS_PROFILE=%s", profiles).isEqualTo(role);
        }
    }

    @Test
    void kedaScalesTheWorkerDeploymentOnTheApplicationsQueue() {
        List<Manifest> scaledObjects = all("ScaledObject");
        assertThat(scaledObjects).as("KEDA ScaledObjects under k8s/").isNotEmpty();
        for (Manifest scaledObject : scaledObjects) {
            assertWorkerIsTheTarget(scaledObject);
            List<Object> redisTriggers = list(scaledObject.doc(), "spec", "triggers").stream()
                    .filter(trigger -> "redis".equals(text(trigger, "type"))).toList();
            assertThat(redisTriggers).as("redis triggers of %s", scaledObject.file()).isNotEmpty();
            for (Object trigger : redisTriggers) {
                assertThat(text(trigger, "metadata", "listName")).as("listName in %s", scaledObject.file())
                        .isEqualTo(QueueKeys.QUEUE);
            }
        }
    }

    @Test
    void kedaWatchesTheRedisTheWorkersUse() {
        String redisUrlName = setting("hypershift.redis.url").envName();
        String redisUrl = environmentOf("worker").get(redisUrlName);
        assertThat(redisUrl).as("%s of the worker Deployment", redisUrlName).isNotBlank();
        URI redis = URI.create(redisUrl);
        for (Manifest scaledObject : all("ScaledObject")) {
            // KEDA resolves a bare service name in its own namespace, so an in-cluster host is fully qualified.
            String host = redis.getHost().contains(".") ? redis.getHost()
                    : redis.getHost() + "." + namespaceOf(scaledObject) + ".svc";
            for (Object trigger : list(scaledObject.doc(), "spec", "triggers")) {
                if ("redis".equals(text(trigger, "type"))) {
                    assertThat(text(trigger, "metadata", "address")).as("address in %s", scaledObject.file())
                            .isEqualTo(host + ":" + redis.getPort());
                }
            }
        }
    }

    @Test
    void cpuAutoscalersTargetTheWorkerDeployment() {
        for (Manifest autoscaler : all("HorizontalPodAutoscaler")) {
            assertWorkerIsTheTarget(autoscaler);
        }
    }

    @Test
    void workersGetMoreTimeToStopThanTheirShutdownGrace() {
        Setting grace = setting("hypershift.worker.shutdown-grace");
        String seconds = environmentOf("worker").getOrDefault(grace.envName(), grace.defaultValue());
        Object terminationGrace = node(deployment("worker").doc(), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(terminationGrace).as("worker terminationGracePeriodSeconds").isInstanceOf(Integer.class);
        assertThat((Integer) terminationGrace).as("worker terminationGracePeriodSeconds against %s=%s", grace.envName(), seconds)
                .isGreaterThan(Integer.parseInt(seconds));
    }

    @Test
    void metricsAreScrapedFromThePathAndPortTheApplicationServes() {
        String metricsPath = under(nonApplicationRoot(), config.getProperty("quarkus.micrometer.export.prometheus.path", "metrics"));
        for (String role : ROLES) {
            Map<?, ?> podLabels = map(deployment(role).doc(), "spec", "template", "metadata", "labels");
            List<Manifest> scraping = all("Service").stream()
                    .filter(service -> podLabels.entrySet().containsAll(map(service.doc(), "spec", "selector").entrySet()))
                    .filter(service -> "true".equals(text(service.doc(), "metadata", "annotations", "prometheus.io/scrape")))
                    .toList();
            assertThat(scraping).as("Services scraping the %s pods", role).isNotEmpty();
            for (Manifest service : scraping) {
                assertThat(text(service.doc(), "metadata", "annotations", "prometheus.io/path")).as("%s metrics path", service.name())
                        .isEqualTo(metricsPath);
                assertThat(text(service.doc(), "metadata", "annotations", "prometheus.io/port")).as("%s metrics port", service.name())
                        .isEqualTo(httpPort());
                // A ServiceMonitor selects the endpoint by this port name.
                Object http = list(service.doc(), "spec", "ports").stream()
                        .filter(port -> "http".equals(text(port, "name"))).findFirst()
                        .orElseThrow(() -> new AssertionError(service.name() + " has no port named http"));
                String target = text(http, "targetPort");
                assertThat(target.equals(httpPort()) ? target : containerPort(role, target))
                        .as("%s targetPort %s", service.name(), target).isEqualTo(httpPort());
            }
        }
    }

    @Test
    void imagesExposeTheApplicationsPort() throws IOException {
        List<Path> dockerfiles;
        try (Stream<Path> list = Files.list(DOCKER)) {
            dockerfiles = list.filter(f -> f.getFileName().toString().startsWith("Dockerfile")).sorted().toList();
        }
        assertThat(dockerfiles).as("Dockerfiles in %s", DOCKER).isNotEmpty();
        for (Path dockerfile : dockerfiles) {
            List<String> exposed = Files.readAllLines(dockerfile).stream()
                    .map(String::trim)
                    .filter(line -> line.toUpperCase().startsWith("EXPOSE "))
                    .flatMap(line -> Arrays.stream(line.substring("EXPOSE ".length()).trim().split("\\s+")))
                    .map(port -> port.replaceFirst("/tcp$", ""))
                    .toList();
            assertThat(exposed).as("ports EXPOSEd by %s", dockerfile).containsExactly(httpPort());
        }
    }

    // --- the application's configuration

    /** The env name and default of a property written as {@code ${NAME:default}}, else its env form and value. */
    private static Setting setting(String property) {
        String value = config.getProperty(property);
        assertThat(value).as("%s in application.properties", property).isNotNull();
        Matcher reference = ENV_REFERENCE.matcher(value);
        return reference.find() ? new Setting(reference.group(1), reference.group(2)) : new Setting(envForm(property), value);
    }

    private static Setting httpPortSetting() {
        return setting("quarkus.http.port");
    }

    private static String httpPort() {
        return httpPortSetting().defaultValue();
    }

    /** Quarkus's environment form of a property name: every other character becomes '_', then upper case. */
    private static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String nonApplicationRoot() {
        return under(config.getProperty("quarkus.http.root-path", "/"), config.getProperty("quarkus.http.non-application-root-path", "q"));
    }

    private static String healthPath(String property, String quarkusDefault) {
        String healthRoot = under(nonApplicationRoot(), config.getProperty("quarkus.smallrye-health.root-path", "health"));
        return under(healthRoot, config.getProperty(property, quarkusDefault));
    }

    /** Quarkus resolves a relative path against its parent; an absolute one stands alone. */
    private static String under(String parent, String path) {
        return path.startsWith("/") ? path : (parent.endsWith("/") ? parent : parent + "/") + path;
    }

    // --- the manifests

    private static List<Manifest> all(String kind) {
        return manifests.stream().filter(manifest -> kind.equals(manifest.kind())).toList();
    }

    private static Manifest find(String kind, String name) {
        List<Manifest> found = all(kind).stream().filter(manifest -> name.equals(manifest.name())).toList();
        assertThat(found).as("%s %s under k8s/", kind, name).hasSize(1);
        return found.get(0);
    }

    private static Manifest deployment(String name) {
        return find("Deployment", name);
    }

    private static Map<?, ?> appContainer(String role) {
        List<Object> containers = list(deployment(role).doc(), "spec", "template", "spec", "containers").stream()
                .filter(container -> String.valueOf(text(container, "image")).startsWith(IMAGE)).toList();
        assertThat(containers).as("%s containers running %s", role, IMAGE).hasSize(1);
        return (Map<?, ?>) containers.get(0);
    }

    private static String containerPort(String role, String portName) {
        return list(appContainer(role), "ports").stream()
                .filter(port -> portName.equals(text(port, "name")))
                .map(port -> text(port, "containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError(role + " has no container port named " + portName));
    }

    private static String probePath(String role, Map<?, ?> container, String probe) {
        String path = text(container, probe, "httpGet", "path");
        assertThat(path).as("%s %s httpGet path", role, probe).isNotNull();
        return path;
    }

    /** The environment the role's container starts with: its envFrom sources, then its own env entries. */
    private static Map<String, String> environmentOf(String role) {
        Map<?, ?> container = appContainer(role);
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object source : list(container, "envFrom")) {
            String configMap = text(source, "configMapRef", "name");
            if (configMap != null) {
                map(find("ConfigMap", configMap).doc(), "data").forEach((k, v) -> environment.put(k.toString(), String.valueOf(v)));
            }
            String secret = text(source, "secretRef", "name");
            if (secret != null) {
                Map<?, ?> doc = find("Secret", secret).doc();
                map(doc, "data").forEach((k, v) -> environment.put(k.toString(),
                        new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)));
                map(doc, "stringData").forEach((k, v) -> environment.put(k.toString(), String.valueOf(v)));
            }
        }
        for (Object variable : list(container, "env")) {
            environment.put(text(variable, "name"), text(variable, "value"));
        }
        return environment;
    }

    private static void assertWorkerIsTheTarget(Manifest autoscaler) {
        Map<?, ?> target = map(autoscaler.doc(), "spec", "scaleTargetRef");
        assertThat(target.get("name")).as("scaleTargetRef of %s", autoscaler.file()).isEqualTo("worker");
        assertThat(target.containsKey("kind") ? target.get("kind") : "Deployment").as("scaleTargetRef kind of %s", autoscaler.file())
                .isEqualTo("Deployment");
        deployment("worker"); // which exists, exactly once
    }

    /** The namespace the kustomization next to the manifest puts it in. */
    private static String namespaceOf(Manifest manifest) {
        return manifests.stream()
                .filter(other -> "Kustomization".equals(other.kind()) && other.file().getParent().equals(manifest.file().getParent()))
                .map(kustomization -> text(kustomization.doc(), "namespace")).filter(Objects::nonNull)
                .findFirst().orElseGet(() -> fail("no namespace set by the kustomization next to " + manifest.file()));
    }

    // --- walking parsed YAML

    private static Object node(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    private static String text(Object root, String... path) {
        Object node = node(root, path);
        return node == null ? null : node.toString();
    }

    private static Map<?, ?> map(Object root, String... path) {
        return node(root, path) instanceof Map<?, ?> map ? map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object root, String... path) {
        return node(root, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
