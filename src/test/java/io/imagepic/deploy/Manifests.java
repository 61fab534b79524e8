package io.imagepic.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The two flavours of manifests: where the build renders them and where they are committed. */
enum Manifests {

    DEV("target/kubernetes-dev/minikube.yml", "k8s/dev/minikube.yml"),
    PROD("target/kubernetes/kubernetes.yml", "k8s/prod/kubernetes.yml");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();

    final Path rendered;
    final Path committed;

    Manifests(String rendered, String committed) {
        this.rendered = Path.of(rendered);
        this.committed = Path.of(committed);
    }

    /** The YAML documents of a manifest file, as trees. */
    static List<JsonNode> documents(Path file) {
        try (var parser = YAML.createParser(Files.readString(file))) {
            List<JsonNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            it.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                    docs.add(d);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Loads every document with the fabric8 Kubernetes model, strictly: a kind the model does not know,
     * or a field its class does not declare (which fabric8 would silently keep aside), is an error.
     */
    static List<HasMetadata> load(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode doc : documents(file)) {
            KubernetesResource r = MODEL.convertValue(doc, KubernetesResource.class);
            String where = file + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
            if (!(r instanceof HasMetadata hm) || r instanceof GenericKubernetesResource) {
                throw new AssertionError(where + ": not a kind of the Kubernetes model");
            }
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(r, where, unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError("unknown fields: " + unknown);
            }
            resources.add(hm);
        }
        return resources;
    }

    private static void collectUnknownFields(Object o, String path, List<String> unknown) {
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                collectUnknownFields(e, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
            return;
        }
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    /**
     * A manifest in a canonical form: documents ordered by kind and name, keys sorted, and lists of named entries
     * (env, volumes, volumeMounts, ports...) ordered by name. Quarkus renders labels and env in hash order,
     * which changes from build to build without changing what the manifest means.
     */
    static List<JsonNode> canonical(Path file) {
        List<JsonNode> docs = new ArrayList<>(documents(file).stream().map(Manifests::canonical).toList());
        docs.sort(Comparator.comparing((JsonNode d) -> d.path("kind").asText())
                .thenComparing(d -> d.path("metadata").path("name").asText()));
        return docs;
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.stream().sorted().forEach(k -> copy.set(k, canonical(node.get(k))));
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            if (!items.isEmpty() && items.stream().allMatch(n -> n.path("name").isTextual())) {
                items.sort(Comparator.comparing(n -> n.path("name").asText()));
            }
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            items.forEach(copy::add);
            return copy;
        }
        return node;
    }
}
