package io.syncmaster.worker.operator.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chart {@code helm/syncmaster-worker}, rendered offline by the Helm library embedded in helm-java exactly as
 * {@code helm template} would (so without {@code crds/}). Tests give values as YAML text; the file they are written
 * to lives under {@code target/}.
 */
final class HelmChart {
    /** The chart directory, from the operator module (the working directory of the tests). */
    static final Path DIR = Path.of("..", "helm", "syncmaster-worker");
    /** The release name of the README's {@code helm install syncmaster-worker ./helm/syncmaster-worker}. */
    static final String RELEASE = "syncmaster-worker";
    static final String NAMESPACE = "syncmaster";
    /** A cluster version inside the chart's kubeVersion range (helm template assumes 1.20 otherwise). */
    static final String KUBE_VERSION = "1.31.0";
    private static final Path VALUES_DIR = Path.of("target", "helm-values");

    private HelmChart() {
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    /** Renders the chart with the default values. */
    static RenderedChart render() {
        return render("{}");
    }

    /**
     * Renders the chart with the values files {@code valuesYamls} (later ones win) over the default values; a
     * template or schema error throws.
     */
    static RenderedChart render(String... valuesYamls) {
        TemplateCommand template = helm().template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String values : valuesYamls) {
            template.withValuesFile(valuesFile(values));
        }
        return RenderedChart.parse(template.call());
    }

    /** The message Helm fails with for {@code valuesYaml}; fails the test when the chart renders. */
    static String renderError(String valuesYaml) {
        try {
            render(valuesYaml);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("the chart rendered with values that should be rejected:\n" + valuesYaml);
    }

    private static Path valuesFile(String valuesYaml) {
        try {
            Files.createDirectories(VALUES_DIR);
            byte[] bytes = valuesYaml.getBytes(StandardCharsets.UTF_8);
            Path file = VALUES_DIR.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + ".yaml");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
