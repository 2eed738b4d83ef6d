package io.syncmaster.worker.operator.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile, parsed the way Docker reads them (line continuations, comments, global ARG
 * defaults substituted in FROM), so tests can check an image that cannot be built on this machine.
 */
final class Dockerfile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    /** One instruction: upper-case keyword, raw arguments, and the line it starts on. */
    record Instruction(String keyword, String arguments, int line) {
        /** Arguments split on whitespace, options ({@code --from=build}) included. */
        List<String> words() {
            return Arrays.stream(arguments.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        }

        /** The value of option {@code --name=value}, if given. */
        Optional<String> option(String name) {
            return words().stream().filter(w -> w.startsWith("--" + name + "=")).map(w -> w.substring(name.length() + 3)).findFirst();
        }

        /** The exec (JSON array) form of ENTRYPOINT, CMD or RUN; fails for the shell form. */
        List<String> execForm() {
            String text = arguments.trim();
            if (!text.startsWith("[")) {
                throw new AssertionError(keyword + " on line " + line + " is in shell form: " + text);
            }
            try {
                return Arrays.asList(new ObjectMapper().readValue(text, String[].class));
            } catch (JsonProcessingException e) {
                throw new AssertionError(keyword + " on line " + line + " is not a JSON array: " + text, e);
            }
        }

        /** COPY/ADD: the sources (every word but options and the destination). */
        List<String> copySources() {
            List<String> paths = words().stream().filter(w -> !w.startsWith("--")).toList();
            return paths.subList(0, paths.size() - 1);
        }

        /** COPY/ADD: the destination. */
        String copyDestination() {
            List<String> paths = words().stream().filter(w -> !w.startsWith("--")).toList();
            return paths.get(paths.size() - 1);
        }
    }

    /** A build stage: its base image (ARGs substituted), its name ("" when unnamed) and its instructions. */
    record Stage(String base, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    private final Path path;
    private final Map<String, String> globalArgs;
    private final List<Stage> stages;

    private Dockerfile(Path path, Map<String, String> globalArgs, List<Stage> stages) {
        this.path = path;
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    static Dockerfile parse(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue; // comments (parser directives included) and blank lines
            }
            boolean continues = trimmed.endsWith("\\");
            String content = continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            if (current == null) {
                current = new StringBuilder(content);
                start = i + 1;
            } else {
                current.append(' ').append(content);
            }
            if (!continues) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
                instructions.add(new Instruction(keyword, space < 0 ? "" : text.substring(space + 1).strip(), start));
                current = null;
            }
        }
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> stageInstructions = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words().stream().filter(w -> !w.startsWith("--")).toList();
                String base = substitute(words.get(0), globalArgs);
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : "";
                stageInstructions = new ArrayList<>();
                stages.add(new Stage(base, name, stageInstructions));
            } else if (stageInstructions == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new AssertionError(path + ": " + instruction.keyword() + " before the first FROM");
                }
                String[] arg = instruction.arguments().split("=", 2);
                globalArgs.put(arg[0].strip(), arg.length > 1 ? arg[1].strip() : "");
            } else {
                stageInstructions.add(instruction);
            }
        }
        return new Dockerfile(path, globalArgs, List.copyOf(stages));
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    Path path() {
        return path;
    }

    Map<String, String> globalArgs() {
        return globalArgs;
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " has no stage " + name));
    }

    /** The last stage: what the image is. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
