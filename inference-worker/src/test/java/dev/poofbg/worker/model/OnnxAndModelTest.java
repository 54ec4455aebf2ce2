package dev.poofbg.worker.model;

import ai.djl.Device;
import dev.poofbg.worker.model.onnx.OnnxFormatException;
import dev.poofbg.worker.model.onnx.OnnxGraph;
import dev.poofbg.worker.model.onnx.OnnxReader;
import dev.poofbg.worker.model.onnx.OnnxToDjl;
import dev.poofbg.worker.model.u2net.U2Net;
import dev.poofbg.worker.model.u2net.U2NetVariant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The weight import and the model wrapper, on the real u2netp.onnx fetched by the build. */
class OnnxAndModelTest {

    @BeforeAll
    static void offline() {
        SaliencyModels.configureEngine(OptionalInt.empty());
    }

    @Test
    void readsTheGraphTheImportNeeds() throws IOException {
        OnnxGraph graph = OnnxReader.read(ModelFixtures.onnx());
        List<OnnxGraph.Node> convs = graph.nodesOfType("Conv");
        assertThat(convs).hasSize(119);
        assertThat(graph.nodesOfType("MaxPool")).hasSize(33)
                .allSatisfy(n -> assertThat(n.ints("ceil_mode", null)).containsExactly(1));
        assertThat(convs.get(0).inputs()).containsExactly("input.1", "1967", "1968");
        assertThat(graph.initializers().get("1967").dims()).containsExactly(64, 3, 3, 3);
        assertThat(convs.get(118).inputs()).containsExactly("1957", "outconv.weight", "outconv.bias");
        long parameters = graph.initializers().values().stream().mapToLong(t -> t.data().length).sum();
        assertThat(parameters).isEqualTo(1_125_485);
        // RSU-4F's dilations are read through as attributes: 1, 2, 4, 8 in stage 5.
        assertThat(convs.stream().map(n -> n.ints("dilations", null)[0]).distinct().sorted().toList())
                .containsExactly(1L, 2L, 4L, 8L);
    }

    @Test
    void refusesAGraphOfAnotherArchitecture() throws IOException {
        OnnxGraph graph = OnnxReader.read(ModelFixtures.onnx());
        U2Net full = new U2Net(U2NetVariant.U2NET);
        assertThatThrownBy(() -> OnnxToDjl.convert(graph, U2NetVariant.U2NET, Path.of("target/never.params")))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("has dims");
        assertThat(full.convolutions()).hasSize(119);

        // Same count, one dilation changed: the attribute check catches it.
        List<OnnxGraph.Node> nodes = new ArrayList<>(graph.nodes());
        int firstDilated = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).opType().equals("Conv") && nodes.get(i).ints("dilations", null)[0] == 2) {
                firstDilated = i;
                break;
            }
        }
        OnnxGraph.Node n = nodes.get(firstDilated);
        Map<String, long[]> attrs = new LinkedHashMap<>(n.intAttributes());
        attrs.put("dilations", new long[] {1, 1});
        nodes.set(firstDilated, new OnnxGraph.Node(n.opType(), n.name(), n.inputs(), n.outputs(), attrs));
        OnnxGraph tampered = new OnnxGraph(nodes, graph.initializers());
        assertThatThrownBy(() -> OnnxToDjl.convert(tampered, U2NetVariant.U2NETP, Path.of("target/never.params")))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("dilations");
    }

    @Test
    void rejectsTruncatedOrForeignBytes() {
        assertThatThrownBy(() -> OnnxReader.read(new byte[] {0x3A, 0x7F, 0x01}))
                .isInstanceOf(OnnxFormatException.class);
        assertThatThrownBy(() -> OnnxReader.read("not a model at all".getBytes()))
                .isInstanceOf(OnnxFormatException.class);
    }

    @Test
    void reImportIsByteIdenticalToThePackagedParameters(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("u2netp.params");
        OnnxToDjl.convert(OnnxReader.read(ModelFixtures.onnx()), U2NetVariant.U2NETP, out);
        try (var packaged = SaliencyModels.packagedU2netpParameters()) {
            assertThat(java.nio.file.Files.readAllBytes(out)).isEqualTo(packaged.readAllBytes());
        }
    }

    @Test
    void concurrentPredictionsShareOneModelAndAgree() throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(320, 320, ModelFixtures.MEAN, ModelFixtures.STD);
        List<BufferedImage> photos = ModelFixtures.PHOTOS.stream().map(ModelFixtures::photo).toList();
        SaliencyModel model = SaliencyModels.packagedU2netp(Device.cpu(), pre);
        try {
            List<float[]> sequential = photos.stream().map(p -> model.predict(p).values()).toList();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> parallel = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    for (BufferedImage p : photos) {
                        parallel.add(pool.submit(() -> model.predict(p).values()));
                    }
                }
                for (int i = 0; i < parallel.size(); i++) {
                    assertThat(parallel.get(i).get()).isEqualTo(sequential.get(i % photos.size()));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(model.name()).isEqualTo("u2netp");
        } finally {
            model.close();
        }
        assertThatThrownBy(() -> model.predict(photos.get(0))).isInstanceOf(IllegalStateException.class);
        model.close();
    }

    @Test
    void constantMapNormalisesToZerosNotNaN() {
        assertThat(SaliencyTranslator.minMaxNormalise(new float[] {0.3f, 0.3f})).containsExactly(0f, 0f);
        assertThat(SaliencyTranslator.minMaxNormalise(new float[] {1f, 3f, 2f})).containsExactly(0f, 1f, 0.5f);
    }
}
