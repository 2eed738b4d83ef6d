package io.syncmaster.worker.operator.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each file of an image comes from in this checkout: every {@code COPY --from=build /src/<path> <dest>} of the
 * runtime stage maps {@code <dest>} to {@code <repository>/<path>}. With it, an image's ENTRYPOINT can be started
 * from the build outputs exactly as the container would start it.
 */
final class ImageLayout {
    /** The repository root, from the operator module (the working directory of the tests). */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final String BUILD_ROOT = "/src/";

    private final Dockerfile dockerfile;
    private final Map<String, Path> files = new LinkedHashMap<>();

    ImageLayout(Dockerfile dockerfile) {
        this.dockerfile = dockerfile;
        for (Dockerfile.Instruction copy : dockerfile.runtime().all("COPY")) {
            for (String source : copy.copySources()) {
                if (!source.startsWith(BUILD_ROOT)) {
                    throw new AssertionError(dockerfile.path() + " line " + copy.line() + ": runtime COPY from outside the build output: " + source);
                }
                String destination = copy.copyDestination();
                String imagePath = destination.endsWith("/") && !source.endsWith("/")
                        ? destination + Path.of(source).getFileName() : destination;
                files.put(trimSlash(imagePath), REPOSITORY.resolve(source.substring(BUILD_ROOT.length())));
            }
        }
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Image path → the file or directory of this checkout it is copied from. */
    Map<String, Path> files() {
        return files;
    }

    /**
     * The ENTRYPOINT with every image path (also inside {@code @argfile} and {@code -opt=path} words) replaced by its
     * local source, {@code java} replaced by {@code javaBinary}, and {@code args} appended (as CMD would be).
     */
    List<String> entrypoint(String javaBinary, String... args) {
        List<String> command = new ArrayList<>();
        List<String> entrypoint = dockerfile.runtime().last("ENTRYPOINT")
                .orElseThrow(() -> new AssertionError(dockerfile.path() + " has no ENTRYPOINT")).execForm();
        for (int i = 0; i < entrypoint.size(); i++) {
            String word = entrypoint.get(i);
            command.add(i == 0 && word.equals("java") ? javaBinary : localize(word));
        }
        command.addAll(List.of(args));
        return command;
    }

    private String localize(String word) {
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String imagePath = file.getKey();
            int at = word.indexOf(imagePath);
            if (at >= 0 && (at + imagePath.length() == word.length() || word.charAt(at + imagePath.length()) == '/')) {
                return word.substring(0, at) + file.getValue() + word.substring(at + imagePath.length());
            }
        }
        return word;
    }
}
