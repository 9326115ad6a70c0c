package org.zeropipe.core.launch;

import org.zeropipe.core.pipeline.Element;

/** One side of a link in a description: an element written there, or a {@code name.pad} reference. */
sealed interface Endpoint {

    /** Where it was written, for error messages. */
    int position();

    /** An element made where it is written ({@code queue}, or a bin in parentheses). */
    record Made(Element element, int position) implements Endpoint {
    }

    /** {@code name.} or {@code name.pad}: an element named elsewhere (before or after); pad may be null. */
    record Ref(String name, String pad, int position) implements Endpoint {
    }
}
