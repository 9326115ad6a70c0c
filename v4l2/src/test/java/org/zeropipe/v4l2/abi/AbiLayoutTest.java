package org.zeropipe.v4l2.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.linux.Ioctl;
import org.zeropipe.v4l2.PixelFormat;

/**
 * The bindings' layouts, ioctl numbers and constants against {@code /usr/include/linux/videodev2.h}:
 * a C program compiled with gcc prints {@code offsetof}/{@code sizeof} of every struct and named
 * member we lay out, every ioctl macro and constant; each must equal ours.
 */
class AbiLayoutTest {

    @TempDir
    static Path dir;

    /** What the C program printed: name → value. */
    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/include/linux/videodev2.h")),
                "no /usr/include/linux/videodev2.h (install linux-libc-dev)");
        StringBuilder src = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <linux/videodev2.h>
                #define P(name, v) printf("%s %llu\\n", name, (unsigned long long)(v));
                int main(void) {
                """);
        for (String line : cLines()) {
            src.append("  ").append(line).append('\n');
        }
        src.append("  return 0;\n}\n");
        Path c = dir.resolve("abi.c");
        Path exe = dir.resolve("abi");
        Files.writeString(c, src);
        String out = run(List.of("gcc", "-Wall", "-o", exe.toString(), c.toString()));
        Assumptions.assumeTrue(out != null, "gcc is not installed");
        String printed = run(List.of(exe.toString()));
        Map<String, Long> values = new LinkedHashMap<>();
        for (String l : printed.split("\n")) {
            String[] kv = l.split(" ");
            values.put(kv[0], Long.parseUnsignedLong(kv[1]));
        }
        AbiLayoutTest.c = values;
    }

    private static List<String> cLines() {
        List<String> lines = new ArrayList<>();
        for (StructLayout s : Structs.ALL) {
            String t = "struct " + s.name().orElseThrow();
            lines.add("P(\"sizeof:" + s.name().get() + "\", sizeof(" + t + "))");
            for (String m : Structs.memberPaths(s)) {
                String key = s.name().get() + "." + m;
                lines.add("P(\"offsetof:" + key + "\", offsetof(" + t + ", " + m + "))");
                lines.add("P(\"sizeof:" + key + "\", sizeof(((" + t + " *)0)->" + m + "))");
            }
        }
        for (Ioctl i : Ioctls.ALL) {
            lines.add("P(\"" + i.name() + "\", " + i.name() + ")");
        }
        for (Field f : intConstants()) {
            lines.add("P(\"" + f.getName() + "\", (unsigned int)" + f.getName() + ")");
        }
        for (PixelFormat p : PixelFormat.values()) {
            lines.add("P(\"" + p.cName() + "\", " + p.cName() + ")");
        }
        return lines;
    }

    private static List<Field> intConstants() {
        List<Field> out = new ArrayList<>();
        for (Field f : V4l2.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                out.add(f);
            }
        }
        return out;
    }

    /** Runs a command; its stdout, or null if the program is not there. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notFound) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    private static long c(String key) {
        Long v = c.get(key);
        assertTrue(v != null, "the C program printed no " + key);
        return v;
    }

    @Test
    void everyStructAndMemberHasTheKernelsOffsetAndSize() {
        int checked = 0;
        for (StructLayout s : Structs.ALL) {
            String name = s.name().orElseThrow();
            assertEquals(c("sizeof:" + name), s.byteSize(), "sizeof(struct " + name + ")");
            for (String m : Structs.memberPaths(s)) {
                String key = name + "." + m;
                assertEquals(c("offsetof:" + key), Structs.offset(s, m), "offsetof(struct " + name + ", " + m + ")");
                assertEquals(c("sizeof:" + key), memberSize(s, m), "sizeof(" + key + ")");
                checked++;
            }
        }
        assertTrue(checked > 200, "only " + checked + " members checked");
    }

    /** sizeof a member: an array's whole size, as C's sizeof. */
    private static long memberSize(MemoryLayout s, String path) {
        return Structs.select(s, path).byteSize();
    }

    @Test
    void ioctlNumbersAreTheMacros() {
        for (Ioctl i : Ioctls.ALL) {
            assertEquals(c(i.name()), i.number(), i.name());
        }
    }

    @Test
    void constantsAndFourccsAreTheMacros() throws IllegalAccessException {
        for (Field f : intConstants()) {
            assertEquals(c(f.getName()), Integer.toUnsignedLong(f.getInt(null)), f.getName());
        }
        for (PixelFormat p : PixelFormat.values()) {
            assertEquals(c(p.cName()), Integer.toUnsignedLong(p.fourcc()), p.cName());
        }
    }
}
