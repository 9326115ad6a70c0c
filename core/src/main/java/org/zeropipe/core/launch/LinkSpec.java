package org.zeropipe.core.launch;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Bin;

/**
 * One {@code !} of a description, resolved after the whole text is read (so references may
 * point forward): src and sink, the caps written between them (or null) and the bin it was
 * written in, where a capsfilter for those caps goes.
 */
record LinkSpec(Endpoint src, Endpoint sink, Caps caps, Bin bin, int position) {
}
