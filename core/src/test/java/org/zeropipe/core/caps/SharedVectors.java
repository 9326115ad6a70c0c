package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The GStreamer conformance vectors, read from the shared folder next to the repository
 * ({@code <repo>/../shared/conformance}) or from {@code -Dzeropipe.shared=DIR}. They stay out of
 * the project; tests that need them are skipped, with a message, where the folder is absent.
 */
public final class SharedVectors {

    public static final String ALGEBRA = "caps-gstreamer-1.22.jsonl";
    public static final String PARSE = "caps-parse-gstreamer-1.22.jsonl";

    private SharedVectors() {
    }

    /** The conformance folder, or {@code null} when there is none. */
    public static Path folder() {
        String override = System.getProperty("zeropipe.shared");
        if (override != null) {
            Path p = Path.of(override).resolve("conformance");
            return Files.isDirectory(p) ? p : null;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !isReactorRoot(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        Path p = dir.getParent().resolve("shared").resolve("conformance");
        return Files.isDirectory(p) ? p : null;
    }

    private static boolean isReactorRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a vector file; skips the calling test when the shared folder is absent. */
    public static List<String> lines(String fileName) {
        Path folder = folder();
        assumeTrue(folder != null, "GStreamer conformance vectors not found: no ../shared/conformance next to "
                + "the repository and no -Dzeropipe.shared; skipping");
        Path file = folder.resolve(fileName);
        assumeTrue(Files.isRegularFile(file), file + " is missing; skipping");
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One vector line as a map, keys in file order. */
    public static Map<String, Object> parse(String line) {
        return MiniJson.parseObject(line);
    }
}
