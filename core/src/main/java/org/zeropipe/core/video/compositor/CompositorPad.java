package org.zeropipe.core.video.compositor;

import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.aggregate.VideoAggregatorPad;

/**
 * A {@code compositor} input (GStreamer's {@code GstCompositorPad}): where its picture goes
 * ({@code xpos}, {@code ypos}), at what size ({@code width}, {@code height}; 0 or less: the
 * input's own, else scaled), how transparent ({@code alpha}) and how it is put on what is below
 * ({@code operator}); plus {@code zorder} from {@link VideoAggregatorPad}.
 */
public final class CompositorPad extends VideoAggregatorPad {

    /** GStreamer's compositor operators. */
    public enum Operator {
        /** Replace what is below. */
        SOURCE,
        /** Alpha-blend over what is below. */
        OVER,
        /** Over, adding the alphas (on a transparent background). */
        ADD
    }

    private final Property<Integer> xpos;
    private final Property<Integer> ypos;
    private final Property<Integer> width;
    private final Property<Integer> height;
    private final Property<Double> alpha;
    private final Property<Operator> operator;

    public CompositorPad(String name, PadTemplate template) {
        super(name, template);
        xpos = declare(PropertySpec.ofInt("xpos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "x position of the picture"));
        ypos = declare(PropertySpec.ofInt("ypos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "y position of the picture"));
        width = declare(PropertySpec.ofInt("width", -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                "width of the picture (0 or less: the input's; else the input is scaled)"));
        height = declare(PropertySpec.ofInt("height", -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                "height of the picture (0 or less: the input's; else the input is scaled)"));
        alpha = declare(PropertySpec.ofDouble("alpha", 1.0, 0.0, 1.0, "alpha of the picture"));
        operator = declare(PropertySpec.ofEnum("operator", Operator.class, Operator.OVER,
                "how the picture is put on the ones below"));
    }

    /** The values used for one output frame, read once so a concurrent set cannot tear them. */
    record Placement(int x, int y, int width, int height, double alpha, Operator operator) {
        boolean covers(int outW, int outH) {
            return x <= 0 && y <= 0 && x + width >= outW && y + height >= outH;
        }
    }

    /** Where and how this pad's picture goes, for an input of {@code info} (null: nothing). */
    Placement placement(VideoInfo info) {
        if (info == null) {
            return null;
        }
        int w = width.get();
        int h = height.get();
        return new Placement(xpos.get(), ypos.get(), w <= 0 ? info.width() : w, h <= 0 ? info.height() : h,
                alpha.get(), operator.get());
    }
}
