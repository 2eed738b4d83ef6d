package io.syncmaster.worker.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What can be checked of the images without building them (no Docker here): both Dockerfiles are a Maven build
 * stage plus a JRE 17 runtime that only receives build outputs, run as a numeric non-root user, and start with an
 * exec-form java ENTRYPOINT. ImageEntrypointIT then starts those entrypoints from the packaged jars.
 */
class DockerfilesTest {

    @ParameterizedTest
    @EnumSource(Image.class)
    void multiStageMavenBuildThenAJre17Runtime(Image image) {
        Dockerfile dockerfile = image.dockerfile();
        assertThat(dockerfile.stages()).hasSize(2);
        Dockerfile.Stage build = dockerfile.stage("build");
        assertThat(build.base()).startsWith("maven:").contains("17");
        assertThat(build.all("RUN")).extracting(Dockerfile.Instruction::arguments)
                .anySatisfy(run -> assertThat(run).endsWith("mvn -B -pl " + image.builtModules + " -am package -DskipTests"));
        assertThat(dockerfile.runtime().base()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.runtime().all("ADD")).as("no ADD (remote URLs, archives) in the runtime").isEmpty();
        assertThat(dockerfile.runtime().all("RUN")).extracting(Dockerfile.Instruction::arguments)
                .noneMatch(run -> run.contains("curl") || run.contains("wget") || run.contains("mvn"));
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void runtimeRunsAsANumericNonRootUserThatHasAPasswdEntry(Image image) {
        Dockerfile.Stage runtime = image.dockerfile().runtime();
        String user = runtime.last("USER").orElseThrow().arguments();
        assertThat(user).as("numeric, so runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
        String uid = user.split(":")[0];
        assertThat(Integer.parseInt(uid)).isGreaterThan(0);
        assertThat(runtime.all("RUN")).extracting(Dockerfile.Instruction::arguments)
                .anySatisfy(run -> assertThat(run).contains("useradd").contains("--uid " + uid).contains("--home-dir /tmp"));
        int userLine = runtime.last("USER").orElseThrow().line();
        assertThat(runtime.instructions()).filteredOn(i -> i.line() > userLine)
                .extracting(Dockerfile.Instruction::keyword).as("nothing is built as that user").doesNotContain("RUN", "COPY");
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void runtimeReceivesOnlyTheModulesBuildOutputs(Image image) {
        Dockerfile dockerfile = image.dockerfile();
        for (Dockerfile.Instruction copy : dockerfile.runtime().all("COPY")) {
            assertThat(copy.option("from")).as("line %d", copy.line()).contains("build");
            assertThat(copy.copySources()).allSatisfy(source -> assertThat(source).startsWith("/src/" + image.module + "/target/"));
            assertThat(copy.copyDestination()).startsWith("/app/");
        }
        Map<String, Path> files = image.layout().files();
        assertThat(files).containsKeys(image.jarInImage, "/app/lib");
        assertThat(files.get(image.jarInImage)).isEqualTo(ImageLayout.REPOSITORY.resolve(image.module + "/target/" + Path.of(image.jarInImage).getFileName()));
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void buildStageCopiesExistingSourcesAndEveryReactorModulePom(Image image) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ImageLayout.REPOSITORY.resolve(image.module + "/src")),
                "this checkout has no " + image.module + "/src yet (its sources live on another branch)");
        Dockerfile.Stage build = image.dockerfile().stage("build");
        List<String> sources = build.all("COPY").stream().flatMap(c -> c.copySources().stream()).toList();
        for (String source : sources) {
            assertThat(ImageLayout.REPOSITORY.resolve(source)).as("COPY source %s", source).exists();
            assertThat(source).as("never a local target/ directory").doesNotContain("target");
        }
        var parent = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ImageLayout.REPOSITORY.resolve("pom.xml").toFile());
        var modules = parent.getElementsByTagName("module");
        assertThat(modules.getLength()).isPositive();
        assertThat(sources).contains("pom.xml");
        for (int i = 0; i < modules.getLength(); i++) {
            assertThat(sources).as("the reactor needs every module's pom").contains(modules.item(i).getTextContent().trim() + "/pom.xml");
        }
        assertThat(sources).contains(image.module + "/src", "common/src");
        for (String module : image.builtModules.split(",")) {
            assertThat(sources).as("the sources of every module the build packages").contains(module + "/src");
        }
    }

    @Test
    void operatorEntrypointStartsTheJarAndTheDefaultCommandIsOperator() {
        Dockerfile dockerfile = Image.OPERATOR.dockerfile();
        List<String> entrypoint = dockerfile.runtime().last("ENTRYPOINT").orElseThrow().execForm();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/app/syncmaster-worker.jar");
        assertThat(entrypoint).contains("-Djava.io.tmpdir=/tmp");
        assertThat(dockerfile.runtime().last("CMD").orElseThrow().execForm()).containsExactly("operator");
    }

    @Test
    void jobRunnerEntrypointIsJavaWithSparksJvmOptions() {
        Dockerfile dockerfile = Image.JOB_RUNNER.dockerfile();
        assertThat(dockerfile.runtime().last("ENTRYPOINT").orElseThrow().execForm())
                .containsExactly("java", "@/app/jvm.options", "-jar", "/app/syncmaster-job-runner.jar");
        assertThat(Image.JOB_RUNNER.layout().files()).containsEntry("/app/jvm.options", ImageLayout.REPOSITORY.resolve("job-runner/target/jvm.options"));
        assertThat(dockerfile.runtime().all("ENV")).extracting(Dockerfile.Instruction::arguments)
                .anySatisfy(env -> assertThat(env).contains("SPARK_LOCAL_DIRS=/tmp"));
    }

    @Test
    void entrypointMapsToTheLocalBuildOutputs() {
        List<String> command = Image.JOB_RUNNER.layout().entrypoint("/usr/bin/java", "--help");
        assertThat(command).containsExactly("/usr/bin/java", "@" + ImageLayout.REPOSITORY.resolve("job-runner/target/jvm.options"),
                "-jar", ImageLayout.REPOSITORY.resolve("job-runner/target/syncmaster-job-runner.jar").toString(), "--help");
        assertThat(Files.isDirectory(ImageLayout.REPOSITORY.resolve("docker"))).isTrue();
    }
}
