package org.zeropipe.core.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated descriptions (fixed seed): the parser either builds a pipeline or throws a
 * LaunchParseException whose position lies in the text; nothing else, and no hang.
 */
@Timeout(60)
class LaunchFuzzTest {

    private static final List<String> SEEDS = List.of(
            "fakesrc num-buffers=10 ! queue max-size-buffers=3 leaky=upstream ! fakesink sync=false",
            "tee name=t ! queue ! fakesink t. ! queue ! fakesink t.src_5 ! fakesink",
            "fakesrc ! video/x-raw(memory:GLMemory),format=RGBA,width=[1,4096] ! identity ! fakesink",
            "( fakesrc ! identity ) ! ( queue ! fakesink )",
            "filesrc location=\"a b.txt\" blocksize=4096 ! filesink location='x\\'y'",
            "fakesrc caps=\"video/x-raw, format={ RGBA, NV12 }\" ! testdemux name=d d.src_0 ! fakesink",
            "bin.( name=b i::error-after=7 fakesrc ! identity name=i ) ! fakesink",
            "pipeline.( name=p fakesrc ! tee name=t t.src_3 ! queue ! fakesink t. ! fakesink )");
    private static final String ALPHABET = "!().=\"' \\/,:{}[]<>;abcdefgikmnqrstuxz0123456789-_%\t";

    @Test
    void onlyLaunchParseExceptionsForTwentyThousandTexts() {
        Random r = new Random(20261124L);
        int built = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            String text = i % 4 == 0 ? random(r) : mutate(SEEDS.get(r.nextInt(SEEDS.size())), r);
            try {
                LaunchParser.parse(text);
                built++;
            } catch (LaunchParseException e) {
                rejected++;
                assertTrue(e.position() >= 0 && e.position() <= text.length(), text);
                e.getMessage(); // renders the caret line
            } catch (RuntimeException | StackOverflowError e) {
                fail("text " + i + " <" + text + "> threw " + e, e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(built > 100 && rejected > 100, "built " + built + ", rejected " + rejected);
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    private static String random(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String mutate(String seed, Random r) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && !sb.isEmpty(); k++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                default -> sb.delete(at, Math.min(sb.length(), at + r.nextInt(8)));
            }
        }
        return sb.toString();
    }
}
