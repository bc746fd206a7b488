package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * infra/kubernetes/ held against what it deploys: the settings, ports, probe paths and images are those the code,
 * docs/configuration.md and the poms' Jib configuration define, every key it takes from a Secret is one
 * infra/generate-secrets.sh --kubernetes makes, and every selector finds the pods it is meant for. Nothing here is
 * copied from the manifests: each expectation is read from the code, the docs or the poms.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MANIFESTS = ROOT.resolve("infra/kubernetes");
    private static final List<String> PROCESSES =
            List.of("crweb", "crbridge", "cram-control", "cram-broker", "cram-worker", "standalone");
    private static final String EVERY_PROCESS = "*";
    private static final Pattern TCP_ENDPOINT = Pattern.compile("tcp://([^:/,]+):(\\d+)");
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Map<String, Object> kustomization;
    static List<Map<String, Object>> resources;
    static Map<String, String> config;
    static String configMapName;
    static Map<String, String> generatedSecret;
    static String generatedSecretName;

    @BeforeAll
    static void load() throws Exception {
        kustomization = map(yaml().load(read(MANIFESTS.resolve("kustomization.yaml"))));
        resources = new ArrayList<>();
        for (Object file : list(kustomization.get("resources"))) {
            for (Object document : yaml().loadAll(read(MANIFESTS.resolve((String) file)))) {
                resources.add(map(document));
            }
        }
        Map<String, Object> generator =
                map(list(kustomization.get("configMapGenerator")).getFirst());
        configMapName = (String) generator.get("name");
        config = new LinkedHashMap<>();
        for (Object file : list(generator.get("envs"))) {
            for (String line : read(MANIFESTS.resolve((String) file)).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    config.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        }
        Map<String, Object> secret = map(
                yaml().load(run("sh", ROOT.resolve("infra/generate-secrets.sh").toString(), "--kubernetes")));
        assertThat(secret.get("kind")).isEqualTo("Secret");
        generatedSecretName = (String) map(secret.get("metadata")).get("name");
        generatedSecret = new LinkedHashMap<>();
        map(secret.get("stringData")).forEach((key, value) -> generatedSecret.put(key, (String) value));
    }

    @Test
    void everyManifestParsesNamesItselfAndLeavesTheNamespaceToWhoeverAppliesIt() throws IOException {
        Set<String> files;
        try (Stream<Path> listing = Files.list(MANIFESTS)) {
            files = listing.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(list(kustomization.get("resources")))
                .as("kustomization.yaml lists every manifest")
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(resources).isNotEmpty().allSatisfy(resource -> {
            assertThat(resource).containsKeys("apiVersion", "kind", "metadata");
            assertThat(map(resource.get("metadata"))).containsKey("name").doesNotContainKey("namespace");
        });
        assertThat(kustomization).doesNotContainKey("namespace");
        assertThat(workloads())
                .extracting(Workload::process)
                .containsExactlyInAnyOrder("crweb", "crbridge", "cram-control", "cram-broker", "cram-worker");
    }

    @Test
    void everySettingAContainerIsGivenIsOneItsProcessReads() {
        for (Workload workload : workloads()) {
            Set<String> reads = settingsRead(workload.process());
            Set<String> springProperties = springPropertyNames(workload.process());
            Set<String> referenced = new LinkedHashSet<>();
            for (Map<String, Object> variable : workload.env()) {
                String value = (String) variable.get("value");
                if (value != null) {
                    Matcher reference = VARIABLE_REFERENCE.matcher(value);
                    while (reference.find()) {
                        referenced.add(reference.group(1));
                    }
                }
            }
            List<String> defined = new ArrayList<>();
            for (Map<String, Object> variable : workload.env()) {
                String name = (String) variable.get("name");
                String value = (String) variable.get("value");
                if (value != null) {
                    Matcher reference = VARIABLE_REFERENCE.matcher(value);
                    while (reference.find()) {
                        assertThat(defined)
                                .as(
                                        "%s: $(%s) in %s names a variable defined before it (Kubernetes leaves it "
                                                + "as it is otherwise)",
                                        workload.name(), reference.group(1), name)
                                .contains(reference.group(1));
                    }
                }
                defined.add(name);
                if (referenced.contains(name) && !name.startsWith("CLOUDROUTES_")) {
                    continue;
                }
                boolean springProperty = springProperties.contains(relaxed(name));
                assertThat(reads.contains(name) || springProperty)
                        .as(
                                "%s is given %s, which %s does not read (code, docs/configuration.md or its Spring properties)",
                                workload.name(), name, workload.process())
                        .isTrue();
            }
        }
    }

    @Test
    void everyConfigAndSecretKeyTakenExistsAndEveryConfigKeyIsTaken() {
        Set<String> configKeysTaken = new TreeSet<>();
        Set<String> secretKeysTaken = new TreeSet<>();
        for (Workload workload : workloads()) {
            for (Map<String, Object> variable : workload.env()) {
                Map<String, Object> from = map(variable.getOrDefault("valueFrom", Map.of()));
                if (from.containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = map(from.get("configMapKeyRef"));
                    assertThat(ref.get("name"))
                            .as("%s %s", workload.name(), variable.get("name"))
                            .isEqualTo(configMapName);
                    assertThat(config)
                            .as("%s %s", workload.name(), variable.get("name"))
                            .containsKey((String) ref.get("key"));
                    configKeysTaken.add((String) ref.get("key"));
                }
                if (from.containsKey("secretKeyRef")) {
                    Map<String, Object> ref = map(from.get("secretKeyRef"));
                    if (Boolean.TRUE.equals(ref.get("optional"))) {
                        continue;
                    }
                    assertThat(ref.get("name"))
                            .as("%s %s", workload.name(), variable.get("name"))
                            .isEqualTo(generatedSecretName);
                    assertThat(generatedSecret)
                            .as("%s %s: a key of the generated secret", workload.name(), variable.get("name"))
                            .containsKey((String) ref.get("key"));
                    secretKeysTaken.add((String) ref.get("key"));
                }
            }
            assertThat(workload.container())
                    .as("%s takes its settings one by one", workload.name())
                    .doesNotContainKey("envFrom");
        }
        assertThat(configKeysTaken)
                .as("every key of cloudroutes.env is given to some process")
                .isEqualTo(config.keySet());
        assertThat(secretKeysTaken)
                .as("the secret key, the ops token and every role's CURVE key are handed out")
                .contains(
                        "CLOUDROUTES_SECRET_KEY",
                        "CLOUDROUTES_OPS_TOKEN",
                        "CLOUDROUTES_ZMQ_BROKER_SECRET_KEY",
                        "CLOUDROUTES_ZMQ_RESULTS_SECRET_KEY",
                        "CLOUDROUTES_ZMQ_CONTROL_SECRET_KEY",
                        "CLOUDROUTES_ZMQ_WORKER_SECRET_KEY");
    }

    @Test
    void theSecretManifestHoldsWhatTheEnvFileHolds() {
        Set<String> envFileKeys = run(
                        "sh", ROOT.resolve("infra/generate-secrets.sh").toString())
                .lines()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(generatedSecret.keySet()).containsExactlyInAnyOrderElementsOf(envFileKeys);
        assertThat(generatedSecret.values())
                .allSatisfy(value -> assertThat(value).isNotBlank());
    }

    @Test
    void eachProcessUsesItsRolesCurveKeysAndItsOwnRedisUser() throws IOException {
        Map<String, String> roleOfProcess = new LinkedHashMap<>();
        for (Workload workload : workloads()) {
            String secretKey = secretKeyOf(workload, "CLOUDROUTES_ZMQ_SECRET_KEY");
            if (secretKey != null) {
                assertThat(secretKey).endsWith("_SECRET_KEY");
                roleOfProcess.put(
                        workload.process(), secretKey.substring(0, secretKey.length() - "_SECRET_KEY".length()));
            }
        }
        Map<String, String> publicKeyOf = Map.of(
                "CLOUDROUTES_ZMQ_BROKER_PUBLIC_KEY", "cram-broker",
                "CLOUDROUTES_ZMQ_RESULTS_PUBLIC_KEY", "crbridge",
                "CLOUDROUTES_ZMQ_CONTROL_PUBLIC_KEYS", "cram-control",
                "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS", "cram-worker");
        int pairs = 0;
        for (Workload workload : workloads()) {
            for (Map.Entry<String, String> setting : publicKeyOf.entrySet()) {
                String key = secretKeyOf(workload, setting.getKey());
                if (key != null) {
                    assertThat(key)
                            .as(
                                    "%s: %s is the public half of %s's key pair",
                                    workload.name(), setting.getKey(), setting.getValue())
                            .isEqualTo(roleOfProcess.get(setting.getValue()) + "_PUBLIC_KEY");
                    pairs++;
                }
            }
        }
        assertThat(pairs)
                .as("broker, actioner, control and worker keys all handed to their peers")
                .isEqualTo(6);

        Map<String, String> passwordOfUser = new LinkedHashMap<>();
        Matcher user = Pattern.compile("(?m)^user (\\S+) on >\\$\\{(CLOUDROUTES_[A-Z_]+)}")
                .matcher(read(ROOT.resolve("infra/redis/users.acl.conf")));
        while (user.find()) {
            passwordOfUser.put(user.group(1), user.group(2));
        }
        Set<String> redisUsers = new TreeSet<>();
        for (Workload workload : workloads()) {
            String url = plainValue(workload, "CLOUDROUTES_REDIS_URL");
            if (url == null) {
                continue;
            }
            Matcher parts = Pattern.compile(
                            "^\\$\\(REDIS_SCHEME\\)://([^:]+):\\$\\(([A-Z_]+)\\)@\\$\\(REDIS_ADDRESS\\)$")
                    .matcher(url);
            assertThat(parts.matches()).as("%s: %s", workload.name(), url).isTrue();
            assertThat(passwordOfUser)
                    .as("%s logs in as a user of infra/redis/users.acl.conf", workload.name())
                    .containsKey(parts.group(1));
            assertThat(secretKeyOf(workload, parts.group(2)))
                    .as("%s: the password of %s", workload.name(), parts.group(1))
                    .isEqualTo(passwordOfUser.get(parts.group(1)));
            redisUsers.add(parts.group(1));
        }
        assertThat(redisUsers)
                .as("crweb, crbridge and the controls each with a user of their own")
                .containsExactlyInAnyOrder("cloudroutes-crweb", "cloudroutes-crbridge", "cloudroutes-control");
    }

    @Test
    void containersOpenTheirProcessesPortsAndTheImagesExposeTheSame() {
        for (Workload workload : workloads()) {
            Set<Integer> listening = listeningPorts(workload);
            assertThat(workload.containerPorts().values())
                    .as("%s: its container ports are the ports it listens on", workload.name())
                    .containsExactlyInAnyOrderElementsOf(listening);
            assertThat(jibPorts(workload.process()))
                    .as("%s: the image Jib builds exposes the same", workload.name())
                    .containsExactlyInAnyOrderElementsOf(listening);
            String scrapePort = workload.annotations().get("prometheus.io/port");
            assertThat(scrapePort).as("%s is scraped", workload.name()).isNotNull();
            assertThat(listening).contains(Integer.parseInt(scrapePort));
        }
        for (Map<String, Object> service : ofKind("Service")) {
            Workload target = selected(map(map(service.get("spec")).get("selector")));
            for (Object entry : list(map(service.get("spec")).get("ports"))) {
                Map<String, Object> port = map(entry);
                assertThat(target.port(port.get("targetPort")))
                        .as("Service %s port %s", name(service), port.get("name"))
                        .isEqualTo(port.get("port"));
            }
        }
    }

    @Test
    void controlsAndWorkersListEveryBrokerAndEveryActionerByItsStableName() {
        Map<String, String> bindOfList = Map.of(
                "CLOUDROUTES_BROKER_FRONTEND", "CLOUDROUTES_BROKER_FRONTEND_BIND",
                "CLOUDROUTES_BROKER_BACKEND", "CLOUDROUTES_BROKER_BACKEND_BIND",
                "CLOUDROUTES_RESULTS_ENDPOINT", "CLOUDROUTES_RESULTS_BIND");
        int lists = 0;
        for (Workload workload : workloads()) {
            for (Map.Entry<String, String> setting : bindOfList.entrySet()) {
                String value = plainValue(workload, setting.getKey());
                if (value == null) {
                    continue;
                }
                lists++;
                Set<String> statefulSets = new TreeSet<>();
                Set<Integer> ordinals = new TreeSet<>();
                Workload target = null;
                for (String endpoint : value.split(",")) {
                    Matcher tcp = TCP_ENDPOINT.matcher(endpoint.trim());
                    assertThat(tcp.matches())
                            .as("%s %s: %s", workload.name(), setting.getKey(), endpoint)
                            .isTrue();
                    String[] host = tcp.group(1).split("\\.");
                    assertThat(host)
                            .as("%s: <pod>.<headless service>", endpoint)
                            .hasSize(2);
                    String statefulSet = host[0].substring(0, host[0].lastIndexOf('-'));
                    target = workloads().stream()
                            .filter(w ->
                                    w.kind().equals("StatefulSet") && w.name().equals(statefulSet))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(endpoint + " names no StatefulSet"));
                    assertThat(host[1])
                            .as("%s: the StatefulSet's serviceName", endpoint)
                            .isEqualTo(target.serviceName());
                    Map<String, Object> service = ofKind("Service").stream()
                            .filter(s -> name(s).equals(host[1]))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(endpoint + " names no Service"));
                    assertThat(map(service.get("spec")))
                            .as("Service %s is headless", host[1])
                            .containsEntry("clusterIP", "None");
                    assertThat(selected(map(map(service.get("spec")).get("selector"))))
                            .isEqualTo(target);
                    String bind = plainValue(target, setting.getValue());
                    assertThat(bind)
                            .as("%s binds %s", target.name(), setting.getValue())
                            .isNotNull();
                    assertThat(Integer.parseInt(tcp.group(2)))
                            .as("%s: the port %s binds", endpoint, target.name())
                            .isEqualTo(Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1)));
                    statefulSets.add(statefulSet);
                    ordinals.add(Integer.parseInt(host[0].substring(host[0].lastIndexOf('-') + 1)));
                }
                assertThat(statefulSets).hasSize(1);
                assertThat(ordinals)
                        .as("%s %s lists every pod of %s", workload.name(), setting.getKey(), target.name())
                        .containsExactlyElementsOf(
                                IntStream.range(0, target.replicas()).boxed().toList());
                assertThat(target.replicas())
                        .as("%s runs more than one", target.name())
                        .isGreaterThan(1);
            }
        }
        assertThat(lists)
                .as("controls list the brokers; workers list the brokers and the actioners")
                .isEqualTo(3);
    }

    @Test
    void everyImageIsOneJibBuildsAtTheProjectsVersion() throws IOException {
        String parent = read(ROOT.resolve("pom.xml"));
        String registry = property(parent, "cloudroutes.image.registry");
        String version = tag(parent.substring(parent.indexOf("</parent>")), "version");
        assertThat(parent)
                .contains("<image>${cloudroutes.image.registry}/${cloudroutes.image.name}:${project.version}</image>");
        Map<String, String> newTags = new LinkedHashMap<>();
        for (Object entry : list(kustomization.get("images"))) {
            newTags.put(
                    (String) map(entry).get("name"), String.valueOf(map(entry).get("newTag")));
        }
        for (Workload workload : workloads()) {
            String module = read(ROOT.resolve(workload.process()).resolve("pom.xml"));
            assertThat(property(module, "cloudroutes.image.skip"))
                    .as("%s builds an image", workload.process())
                    .isEqualTo("false");
            String image = registry + "/" + property(module, "cloudroutes.image.name");
            assertThat(workload.container().get("image"))
                    .as("%s's image", workload.name())
                    .isEqualTo(image);
            assertThat(newTags).as("kustomization.yaml tags %s", image).containsEntry(image, version);
        }
        assertThat(newTags).hasSize(workloads().size());
    }

    @Test
    void selectorsFindThePodsTheyAreMeantFor() {
        for (Workload workload : workloads()) {
            Map<String, Object> selector =
                    map(map(workload.spec().get("selector")).get("matchLabels"));
            assertThat(workload.labels())
                    .as("%s's pods carry its selector's labels", workload.name())
                    .containsAllEntriesOf(selector.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue())));
            if (workload.kind().equals("StatefulSet")) {
                Map<String, Object> service = ofKind("Service").stream()
                        .filter(s -> name(s).equals(workload.serviceName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(workload.name() + "'s serviceName names no Service"));
                assertThat(selected(map(map(service.get("spec")).get("selector"))))
                        .isEqualTo(workload);
            }
        }
        Set<String> budgeted = new TreeSet<>();
        for (Map<String, Object> budget : ofKind("PodDisruptionBudget")) {
            budgeted.add(
                    selected(map(map(map(budget.get("spec")).get("selector")).get("matchLabels")))
                            .name());
        }
        assertThat(budgeted)
                .as("every workload has a disruption budget")
                .containsExactlyInAnyOrderElementsOf(
                        workloads().stream().map(Workload::name).toList());
        Set<String> policed = new TreeSet<>();
        for (Map<String, Object> policy : ofKind("NetworkPolicy")) {
            Map<String, Object> spec = map(policy.get("spec"));
            Workload target = selected(map(map(spec.get("podSelector")).get("matchLabels")));
            policed.add(target.name());
            for (String direction : List.of("ingress", "egress")) {
                for (Object rule : list(spec.getOrDefault(direction, List.of()))) {
                    for (Object peer :
                            list(map(rule).getOrDefault(direction.equals("ingress") ? "from" : "to", List.of()))) {
                        Map<String, Object> selector = map(peer);
                        if (selector.containsKey("podSelector") && !selector.containsKey("namespaceSelector")) {
                            selected(map(map(selector.get("podSelector")).get("matchLabels")));
                        }
                    }
                    for (Object port : list(map(rule).getOrDefault("ports", List.of()))) {
                        if (direction.equals("ingress")) {
                            assertThat(target.containerPorts().values())
                                    .as("%s policy admits a port it opens", name(policy))
                                    .contains((Integer) map(port).get("port"));
                        }
                    }
                }
            }
        }
        assertThat(policed)
                .containsExactlyInAnyOrderElementsOf(
                        workloads().stream().map(Workload::name).toList());
        Map<String, Object> brokerPolicy = ofKind("NetworkPolicy").stream()
                .filter(p -> name(p).equals("cram-broker"))
                .findFirst()
                .orElseThrow();
        List<String> brokerClients = new ArrayList<>();
        for (Object rule : list(map(brokerPolicy.get("spec")).get("ingress"))) {
            for (Object peer : list(map(rule).get("from"))) {
                if (!map(peer).containsKey("namespaceSelector")) {
                    brokerClients.add(
                            selected(map(map(map(peer).get("podSelector")).get("matchLabels")))
                                    .name());
                }
            }
        }
        assertThat(brokerClients)
                .as("only controls and workers reach the brokers' sockets")
                .containsExactlyInAnyOrder("cram-control", "cram-worker");
    }

    @Test
    void probesAndScrapesAskForPathsTheProcessesServe() throws IOException {
        Set<String> opsPaths = matches(
                read(ROOT.resolve("core/src/main/java/io/cloudroutes/core/ops/OpsEndpoint.java")),
                "createContext\\(\"([^\"]+)\"");
        for (Workload workload : workloads()) {
            Map<String, String> spring = springProperties(workload.process());
            Map<String, Object> probes = new LinkedHashMap<>();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (workload.container().containsKey(probe)) {
                    probes.put(probe, workload.container().get(probe));
                }
            }
            assertThat(probes).as("%s", workload.name()).containsKeys("livenessProbe", "readinessProbe");
            for (Map.Entry<String, Object> probe : probes.entrySet()) {
                Map<String, Object> check = map(probe.getValue());
                if (check.containsKey("tcpSocket")) {
                    assertThat(listeningPorts(workload))
                            .contains(workload.port(map(check.get("tcpSocket")).get("port")));
                    continue;
                }
                Map<String, Object> get = map(check.get("httpGet"));
                String path = (String) get.get("path");
                int port = workload.port(get.get("port"));
                if (spring.isEmpty()) {
                    assertThat(opsPaths)
                            .as("%s %s", workload.name(), probe.getKey())
                            .contains(path);
                    assertThat(port).isEqualTo(opsPort(workload));
                } else {
                    assertThat(spring).containsEntry("management.endpoint.health.probes.enabled", "true");
                    assertThat(spring.get("management.endpoints.web.exposure.include")
                                    .split(","))
                            .contains("health");
                    String group = probe.getKey().equals("readinessProbe") ? "readiness" : "liveness";
                    assertThat(path)
                            .as("%s %s", workload.name(), probe.getKey())
                            .isEqualTo("/actuator/health/" + group);
                    assertThat(port).isEqualTo(springPort(workload));
                }
            }
            String scrapePath = workload.annotations().get("prometheus.io/path");
            if (spring.isEmpty()) {
                assertThat(opsPaths).contains(scrapePath);
                assertThat(Integer.parseInt(workload.annotations().get("prometheus.io/port")))
                        .isEqualTo(opsPort(workload));
            } else {
                assertThat(spring.get("management.endpoints.web.exposure.include")
                                .split(","))
                        .contains("prometheus");
                assertThat(scrapePath).isEqualTo("/actuator/prometheus");
                assertThat(Integer.parseInt(workload.annotations().get("prometheus.io/port")))
                        .isEqualTo(springPort(workload));
            }
        }
    }

    @Test
    void everyContainerRunsAsItsOwnUserWithoutPrivileges() {
        for (Workload workload : workloads()) {
            Map<String, Object> pod = map(workload.podSpec().get("securityContext"));
            assertThat(pod)
                    .as(workload.name())
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", 10001);
            Map<String, Object> container = map(workload.container().get("securityContext"));
            assertThat(container)
                    .as(workload.name())
                    .containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true);
            assertThat(list(map(container.get("capabilities")).get("drop"))).containsExactly("ALL");
            Map<String, Object> resources = map(workload.container().get("resources"));
            assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
            assertThat(map(resources.get("limits"))).containsKey("memory");
            assertThat(list(workload.container().get("volumeMounts")))
                    .as("%s writes its temporary files to a volume", workload.name())
                    .anySatisfy(mount -> assertThat(map(mount)).containsEntry("mountPath", "/tmp"));
        }
    }

    @Test
    void kubectlRendersTheKustomizationWithTheGeneratedConfigAndTaggedImages() {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        String output = run("kubectl", "kustomize", MANIFESTS.toString());
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object document : yaml().loadAll(output)) {
            rendered.add(map(document));
        }
        assertThat(rendered).hasSize(resources.size() + 1);
        String generated = rendered.stream()
                .filter(r -> r.get("kind").equals("ConfigMap"))
                .map(KubernetesManifestsTest::name)
                .findFirst()
                .orElseThrow();
        assertThat(generated).startsWith(configMapName + "-");
        assertThat(output)
                .as("every reference follows the generated name, so a change of config rolls the pods")
                .doesNotContainPattern("(?m)name: " + Pattern.quote(configMapName) + "$")
                .contains("name: " + generated);
        assertThat(rendered.stream()
                        .filter(r -> r.get("kind").equals("Deployment")
                                || r.get("kind").equals("StatefulSet")))
                .allSatisfy(workload -> assertThat((String)
                                map(list(map(map(map(workload.get("spec")).get("template"))
                                                                .get("spec"))
                                                        .get("containers"))
                                                .getFirst())
                                        .get("image"))
                        .matches(".+:.+"));
    }

    // ---- the manifests' workloads

    record Workload(String kind, String name, Map<String, Object> spec) {

        String process() {
            String image = (String) container().get("image");
            return image.substring(image.lastIndexOf('/') + 1);
        }

        Map<String, Object> podSpec() {
            return map(map(spec.get("template")).get("spec"));
        }

        Map<String, Object> container() {
            List<Object> containers = list(podSpec().get("containers"));
            assertThat(containers).as("%s runs one container", name).hasSize(1);
            return map(containers.getFirst());
        }

        List<Map<String, Object>> env() {
            return list(container().getOrDefault("env", List.of())).stream()
                    .map(KubernetesManifestsTest::map)
                    .toList();
        }

        Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            map(map(map(spec.get("template")).get("metadata")).get("labels"))
                    .forEach((k, v) -> labels.put(k, (String) v));
            return labels;
        }

        Map<String, String> annotations() {
            Map<String, String> annotations = new LinkedHashMap<>();
            map(map(map(spec.get("template")).get("metadata")).getOrDefault("annotations", Map.of()))
                    .forEach((k, v) -> annotations.put(k, (String) v));
            return annotations;
        }

        Map<String, Integer> containerPorts() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object port : list(container().getOrDefault("ports", List.of()))) {
                ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
            }
            return ports;
        }

        /** A port given by name or number, as probes and Services give it. */
        int port(Object nameOrNumber) {
            if (nameOrNumber instanceof Integer number) {
                assertThat(containerPorts().values())
                        .as("%s opens %s", name, number)
                        .contains(number);
                return number;
            }
            assertThat(containerPorts())
                    .as("%s names a port %s", name, nameOrNumber)
                    .containsKey((String) nameOrNumber);
            return containerPorts().get(nameOrNumber);
        }

        int replicas() {
            return (Integer) spec.get("replicas");
        }

        String serviceName() {
            return (String) spec.get("serviceName");
        }
    }

    static List<Workload> workloads() {
        return resources.stream()
                .filter(r -> r.get("kind").equals("Deployment") || r.get("kind").equals("StatefulSet"))
                .map(r -> new Workload((String) r.get("kind"), name(r), map(r.get("spec"))))
                .toList();
    }

    /** The one workload whose pods a label selector picks; fails when it picks none or several. */
    static Workload selected(Map<String, Object> selector) {
        List<Workload> matching = workloads().stream()
                .filter(w -> selector.entrySet().stream()
                        .allMatch(label -> label.getValue().equals(w.labels().get(label.getKey()))))
                .toList();
        assertThat(matching).as("pods selected by %s", selector).hasSize(1);
        return matching.getFirst();
    }

    static List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(r -> r.get("kind").equals(kind)).toList();
    }

    static String name(Map<String, Object> resource) {
        return (String) map(resource.get("metadata")).get("name");
    }

    static String plainValue(Workload workload, String variable) {
        return workload.env().stream()
                .filter(v -> v.get("name").equals(variable))
                .map(v -> (String) v.get("value"))
                .filter(value -> value != null)
                .findFirst()
                .orElse(null);
    }

    static String secretKeyOf(Workload workload, String variable) {
        return workload.env().stream()
                .filter(v -> v.get("name").equals(variable) && v.containsKey("valueFrom"))
                .map(v -> map(map(v.get("valueFrom")).get("secretKeyRef")))
                .filter(ref -> !ref.isEmpty())
                .map(ref -> (String) ref.get("key"))
                .findFirst()
                .orElse(null);
    }

    // ---- what the processes read and listen on, from their code, their Spring properties and the docs

    /** Ports the process listens on with this container's settings, else the defaults its code and properties give. */
    static Set<Integer> listeningPorts(Workload workload) {
        Set<Integer> ports = new TreeSet<>();
        if (!springProperties(workload.process()).isEmpty()) {
            ports.add(springPort(workload));
        }
        Integer ops = opsPortOrNull(workload);
        if (ops != null) {
            ports.add(ops);
        }
        for (Map<String, Object> variable : workload.env()) {
            String name = (String) variable.get("name");
            if (name.endsWith("_BIND") && variable.get("value") != null) {
                Matcher bind = Pattern.compile("tcp://\\*:(\\d+)").matcher((String) variable.get("value"));
                assertThat(bind.matches())
                        .as("%s %s binds every interface of the pod", workload.name(), name)
                        .isTrue();
                ports.add(Integer.parseInt(bind.group(1)));
            }
        }
        return ports;
    }

    static int springPort(Workload workload) {
        Matcher port = Pattern.compile("\\$\\{(CLOUDROUTES_[A-Z_]+):(\\d+)}")
                .matcher(springProperties(workload.process()).get("server.port"));
        assertThat(port.matches()).isTrue();
        String set = plainValue(workload, port.group(1));
        return Integer.parseInt(set != null ? set : port.group(2));
    }

    static int opsPort(Workload workload) {
        Integer port = opsPortOrNull(workload);
        assertThat(port).as("%s serves an ops endpoint", workload.name()).isNotNull();
        return port;
    }

    static Integer opsPortOrNull(Workload workload) {
        Set<String> defaults = matches(javaSources(Set.of(workload.process())), "OpsEndpoint\\.fromEnv\\(env, (\\d+)");
        if (defaults.isEmpty()) {
            return null;
        }
        assertThat(defaults).hasSize(1);
        String set = plainValue(workload, "CLOUDROUTES_OPS_PORT");
        return Integer.parseInt(set != null ? set : defaults.iterator().next());
    }

    /** The ports the module's Jib configuration exposes. */
    static List<Integer> jibPorts(String module) {
        String pom = read(ROOT.resolve(module).resolve("pom.xml"));
        String jib = pom.substring(pom.indexOf("<artifactId>jib-maven-plugin</artifactId>"));
        jib = jib.substring(0, jib.indexOf("</plugin>"));
        return matches(jib, "<port>(\\d+)</port>").stream()
                .map(Integer::parseInt)
                .toList();
    }

    /**
     * Settings the process reads: CLOUDROUTES_* names its modules' code reads (string literals in Java,
     * ${CLOUDROUTES_…} in resources), and those docs/configuration.md documents for it.
     */
    static Set<String> settingsRead(String process) {
        Set<String> modules = modulesOf(process);
        Set<String> reads = new TreeSet<>(matches(javaSources(modules), "\"(CLOUDROUTES_[A-Z0-9_]+)\""));
        for (String module : modules) {
            reads.addAll(matches(
                    files(ROOT.resolve(module).resolve("src/main/resources"), ""), "\\$\\{(CLOUDROUTES_[A-Z0-9_]+)"));
        }
        documentedSettings().forEach((name, processes) -> {
            if (processes.contains(process) || processes.contains(EVERY_PROCESS)) {
                reads.add(name);
            }
        });
        return reads;
    }

    /**
     * Every setting in a table of docs/configuration.md with the processes that read it: the table's "used by" column
     * where it has one, else the processes its section is about (every process for a section about none).
     * {@code `CLOUDROUTES_SMTP_HOST`, `_PORT`} documents CLOUDROUTES_SMTP_PORT too; {@code CLOUDROUTES_SMTP_*} every
     * name it begins.
     */
    static Map<String, Set<String>> documentedSettings() {
        Map<String, Set<String>> settings = new LinkedHashMap<>();
        Set<String> sectionProcesses = Set.of(EVERY_PROCESS);
        int usedBy = -1;
        for (String line : read(ROOT.resolve("docs/configuration.md")).lines().toList()) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+ ", "");
                Set<String> named = PROCESSES.stream()
                        .filter(p -> Set.of(heading.split(", ")).contains(p))
                        .collect(Collectors.toSet());
                sectionProcesses = named.isEmpty() ? Set.of(EVERY_PROCESS) : named;
                continue;
            }
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = List.of(line.split("\\|", -1)).subList(1, line.split("\\|", -1).length - 1);
            if (cells.getFirst().contains("variable")) {
                usedBy = cells.stream().map(String::trim).toList().indexOf("used by");
                continue;
            }
            Set<String> processes;
            if (usedBy >= 0 && usedBy < cells.size()) {
                String cell = cells.get(usedBy);
                processes = cell.contains("every process")
                        ? Set.of(EVERY_PROCESS)
                        : PROCESSES.stream()
                                .filter(p -> Pattern.compile("(^|[^a-z-])" + p + "($|[^a-z-])")
                                        .matcher(cell)
                                        .find())
                                .collect(Collectors.toSet());
            } else {
                processes = sectionProcesses;
            }
            String base = null;
            Matcher token = Pattern.compile("`([A-Z_][A-Z0-9_]*\\*?)`").matcher(cells.getFirst());
            while (token.find()) {
                String name = token.group(1);
                if (name.startsWith("_") && base != null) {
                    name = base.substring(0, base.lastIndexOf('_')) + name;
                } else if (name.startsWith("CLOUDROUTES_") || name.contains("_")) {
                    base = name;
                }
                settings.computeIfAbsent(name, n -> new TreeSet<>()).addAll(processes);
            }
        }
        Map<String, Set<String>> withPrefixes = new LinkedHashMap<>(settings);
        settings.forEach((name, processes) -> {
            if (name.endsWith("*")) {
                withPrefixes.remove(name);
                String prefix = name.substring(0, name.length() - 1);
                settings.keySet().stream()
                        .filter(other -> other.startsWith(prefix) && !other.endsWith("*"))
                        .forEach(other -> withPrefixes.get(other).addAll(processes));
            }
        });
        return withPrefixes;
    }

    /** The module and the project modules it depends on (not for tests), transitively. */
    static Set<String> modulesOf(String module) {
        Set<String> modules = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(module));
        while (!pending.isEmpty()) {
            String next = pending.removeLast();
            if (!modules.add(next)) {
                continue;
            }
            Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL)
                    .matcher(read(ROOT.resolve(next).resolve("pom.xml")));
            while (dependency.find()) {
                String body = dependency.group(1);
                if (body.contains("<groupId>io.cloudroutes</groupId>") && !body.contains("<scope>test</scope>")) {
                    pending.add(tag(body, "artifactId"));
                }
            }
        }
        return modules;
    }

    /** The module's own Spring properties file ({@code <module>.properties}), empty for a process without Spring. */
    static Map<String, String> springProperties(String module) {
        Path file = ROOT.resolve(module).resolve("src/main/resources").resolve(module + ".properties");
        Map<String, String> properties = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : read(file).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    properties.put(
                            line.substring(0, line.indexOf('=')).trim(),
                            line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        return properties;
    }

    /** Spring's relaxed form of the module's properties, as an environment variable names them. */
    static Set<String> springPropertyNames(String module) {
        return springProperties(module).keySet().stream()
                .map(KubernetesManifestsTest::relaxed)
                .collect(Collectors.toSet());
    }

    static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    static String javaSources(Set<String> modules) {
        StringBuilder text = new StringBuilder();
        for (String module : modules) {
            text.append(files(ROOT.resolve(module).resolve("src/main/java"), ".java"));
        }
        return text.toString();
    }

    static String files(Path directory, String suffix) {
        if (!Files.isDirectory(directory)) {
            return "";
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(suffix))
                    .map(KubernetesManifestsTest::read)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String property(String pom, String name) {
        return tag(pom.substring(pom.indexOf("<properties>")), name);
    }

    static String tag(String xml, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(xml);
        assertThat(value.find()).as("<%s>", name).isTrue();
        return value.group(1).trim();
    }

    static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    // ---- plumbing

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("%s", String.join(" ", command)).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
