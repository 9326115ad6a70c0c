package org.zeropipe.core.launch;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The known names closest to a misspelt one (Levenshtein distance), for error messages. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The names at the smallest distance, if that is within about a third of the word (at
     * most three, alphabetically): "fakesnk" gets fakesink, not also fakesrc one step further.
     */
    public static List<String> closest(String wrong, Collection<String> known) {
        int limit = Math.max(2, wrong.length() / 3);
        List<Scored> scored = known.stream().map(k -> new Scored(k, distance(wrong, k)))
                .filter(s -> s.distance <= limit).toList();
        int best = scored.stream().mapToInt(Scored::distance).min().orElse(Integer.MAX_VALUE);
        return scored.stream().filter(s -> s.distance == best)
                .sorted(Comparator.comparing(Scored::name)).limit(3).map(Scored::name).toList();
    }

    /** " did you mean a, b?" or "", to append to a message. */
    public static String didYouMean(String wrong, Collection<String> known) {
        List<String> c = closest(wrong, known);
        return c.isEmpty() ? "" : "; did you mean " + String.join(" or ", c) + "?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private record Scored(String name, int distance) {
    }
}
