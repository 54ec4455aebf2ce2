package dev.poofbg.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart under test, rendered and linted offline by helm-java (the Helm library, no binary, no cluster). */
final class Chart {

    static final String RELEASE = "poof";
    static final String NAMESPACE = "poofbg";
    static final String FULLNAME = "poof-poofbg";

    /** Kubernetes rejects a manifest with a repeated field; so does this parser. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private Chart() {
    }

    static Path dir() {
        String configured = System.getProperty("poofbg.chart.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../helm/poofbg");
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalStateException("chart not found at " + dir.toAbsolutePath());
        }
        return dir.toAbsolutePath().normalize();
    }

    /** A values file shipped with the chart for CI scenarios (deploy/helm/poofbg/ci). */
    static Path scenario(String name) {
        Path file = dir().resolve("ci").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("scenario values not found: " + file);
        }
        return file;
    }

    /**
     * helm-java's template leaves Helm hooks out of its output, so rendering uses a copy of the chart
     * whose hook annotation key is renamed; {@link Manifests#parse} renames it back. Everything else
     * renders exactly as Helm would.
     */
    static final String HOOK_ANNOTATION = "helm.sh/hook";
    static final String HIDDEN_HOOK_ANNOTATION = "hooks.helm-tests.poofbg.dev/hook";
    private static Path hooksVisibleCopy;

    private static synchronized Path hooksVisibleChart() {
        if (hooksVisibleCopy == null) {
            hooksVisibleCopy = copy(dir(), path -> {
                try {
                    String text = Files.readString(path);
                    return path.toString().endsWith(".yaml") && path.getParent().toString().contains("templates")
                            ? text.replace(HOOK_ANNOTATION + ":", HIDDEN_HOOK_ANNOTATION + ":") : text;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return hooksVisibleCopy;
    }

    /** helm template (hooks included) with the given values files and --set pairs; throws with Helm's message when rendering fails. */
    static Manifests render(List<Path> valuesFiles, Map<String, Object> sets) {
        return render(RELEASE, valuesFiles, sets);
    }

    static Manifests render(String release, List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = new Helm(hooksVisibleChart()).template()
                .withName(release)
                .withNamespace(NAMESPACE)
                .withKubeVersion("1.30.0");
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return Manifests.parse(command.call());
    }

    static Manifests render(Path... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    /**
     * helm lint --strict. helm-java's lint takes no values files, so a scenario is linted as a copy of
     * the chart whose values.yaml is the default values deep-merged with the scenario's.
     */
    static LintResult lintStrict(Path... valuesFiles) {
        Path chart = dir();
        if (valuesFiles.length > 0) {
            chart = copyWithMergedValues(valuesFiles);
        }
        return new Helm(chart).lint().strict().call();
    }

    /** A copy of the chart in a fresh temporary directory (removed when the JVM exits), each file's text passed through the transform. */
    private static Path copy(Path source, java.util.function.Function<Path, String> transform) {
        try {
            Path root = Files.createTempDirectory("poofbg-chart-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root)));
            Path copy = root.resolve("poofbg");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.writeString(target, transform.apply(file));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temporary copy is harmless.
        }
    }

    private static Path copyWithMergedValues(Path... valuesFiles) {
        try {
            Path source = dir();
            Path copy = copy(source, file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ObjectNode values = (ObjectNode) YAML.readTree(source.resolve("values.yaml").toFile());
            for (Path file : valuesFiles) {
                deepMerge(values, (ObjectNode) YAML.readTree(file.toFile()));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing: maps merge key by key, everything else (lists included) is replaced. */
    static void deepMerge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
                deepMerge(target, source);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    /** Splits a multi-document YAML stream into its non-empty documents. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(yaml)) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }
}
