package io.syncmaster.worker.operator.images;

import java.nio.file.Path;

/**
 * The two images of the project: their Dockerfile, the Maven module whose target/ they copy, the modules their build
 * packages ({@code -pl}), and their main jar in the image.
 */
enum Image {
    OPERATOR("Dockerfile.operator", "operator", "operator,worker", "/app/syncmaster-worker.jar"),
    JOB_RUNNER("Dockerfile.job-runner", "job-runner", "job-runner", "/app/syncmaster-job-runner.jar");

    final String dockerfileName;
    final String module;
    final String builtModules;
    final String jarInImage;

    Image(String dockerfileName, String module, String builtModules, String jarInImage) {
        this.dockerfileName = dockerfileName;
        this.module = module;
        this.builtModules = builtModules;
        this.jarInImage = jarInImage;
    }

    Path dockerfilePath() {
        return ImageLayout.REPOSITORY.resolve("docker").resolve(dockerfileName);
    }

    Dockerfile dockerfile() {
        return Dockerfile.parse(dockerfilePath());
    }

    ImageLayout layout() {
        return new ImageLayout(dockerfile());
    }
}
