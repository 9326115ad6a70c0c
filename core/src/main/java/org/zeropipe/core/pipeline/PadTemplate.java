package org.zeropipe.core.pipeline;

import java.util.Objects;

import org.zeropipe.core.caps.Caps;

/**
 * Describes pads an element can have: a name (or a pattern such as {@code src_%u} for request
 * pads), a direction, a presence and the caps any such pad can ever handle.
 */
public record PadTemplate(String nameTemplate, PadDirection direction, PadPresence presence, Caps caps) {

    public PadTemplate {
        Objects.requireNonNull(nameTemplate, "nameTemplate");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(caps, "caps");
        if (presence == PadPresence.ALWAYS && nameTemplate.contains("%")) {
            throw new IllegalArgumentException("an ALWAYS template needs a plain name, not " + nameTemplate);
        }
    }

    /** An always-present source template. */
    public static PadTemplate src(Caps caps) {
        return new PadTemplate("src", PadDirection.SRC, PadPresence.ALWAYS, caps);
    }

    /** An always-present sink template. */
    public static PadTemplate sink(Caps caps) {
        return new PadTemplate("sink", PadDirection.SINK, PadPresence.ALWAYS, caps);
    }

    /**
     * The name for a new pad of {@code element} from this REQUEST template, as gsttee.c and
     * gstaggregator.c choose it: {@code padName} when given (it must fit the template and be
     * free; {@code counter} then goes past its index), else the next index from {@code counter}
     * whose name is free. Call it holding the element's lock that serializes requests.
     *
     * @throws IllegalArgumentException if {@code padName} does not fit or is taken
     */
    public String newRequestPadName(Element element, String padName, java.util.concurrent.atomic.AtomicInteger counter) {
        if (padName != null) {
            int index = padIndex(padName);
            if (index < 0) {
                throw new IllegalArgumentException(element.factoryName() + " cannot name a pad \"" + padName
                        + "\": the template is " + nameTemplate);
            }
            if (element.staticPad(padName) != null) {
                throw new IllegalArgumentException(element.factoryName() + " already has a pad named " + padName);
            }
            counter.accumulateAndGet(index + 1, Math::max);
            return padName;
        }
        int index = counter.getAndIncrement();
        while (element.staticPad(padName(index)) != null) {
            index = counter.getAndIncrement();
        }
        return padName(index);
    }

    /** The name of the {@code index}th pad made from this template ({@code src_%u} → {@code src_2}). */
    public String padName(int index) {
        return nameTemplate.replace("%u", Integer.toString(index)).replace("%d", Integer.toString(index));
    }

    /**
     * The index in {@code padName} if it is a name this template makes ({@code src_%u} and
     * {@code src_5} → 5), else -1. Only templates with one {@code %u} or {@code %d} have indexes.
     */
    public int padIndex(String padName) {
        int at = nameTemplate.indexOf("%u");
        if (at < 0) {
            at = nameTemplate.indexOf("%d");
        }
        if (at < 0 || nameTemplate.indexOf('%', at + 2) >= 0) {
            return -1;
        }
        String prefix = nameTemplate.substring(0, at);
        String suffix = nameTemplate.substring(at + 2);
        if (!padName.startsWith(prefix) || !padName.endsWith(suffix)
                || padName.length() <= prefix.length() + suffix.length()) {
            return -1;
        }
        String digits = padName.substring(prefix.length(), padName.length() - suffix.length());
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
