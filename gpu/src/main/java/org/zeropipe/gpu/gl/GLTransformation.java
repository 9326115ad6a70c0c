package org.zeropipe.gpu.gl;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * {@code gltransformation}: crops, scales, rotates and translates video on the GPU, drawing the
 * input as one textured quad. GStreamer's gltransformation (same property names and model
 * matrix: pivot, scale, rotation x/y/z, translation, then a camera at z = 1 looking at the
 * origin through a perspective of {@code fov} or an orthographic projection) plus
 * {@code crop-left/right/top/bottom}: the quad shows only that window of the input
 * (videocrop on the GPU: texture coordinates, no copy).
 *
 * <p>Sizes: the output caps may have another width and height than the input; they fixate to
 * the cropped input size unless downstream asks for another one
 * ({@code ! video/x-raw(memory:GLMemory),width=320,height=240}), and the picture is scaled to
 * it (bilinear sampling). Output not covered by the quad is transparent black.
 *
 * <p>Memory: accepts and produces {@code memory:GLMemory} RGBA (as every {@link GLFilter});
 * proposes a GL pool upstream, renders into downstream's GL pool or its own. No CPU access.
 * A property change renegotiates at the next frame (a new crop gives a new size, if downstream
 * allows; else the window is scaled into the negotiated one). With no crop, the identity
 * transform and equal caps it is passthrough.
 */
public final class GLTransformation extends GLFilter {

    private static final float Z_NEAR = 0.1f;
    private static final float Z_FAR = 100f;
    private static final double FLOAT_MAX = Float.MAX_VALUE;

    private static final String VERTEX = """
            in vec4 a_position;
            in vec2 a_texcoord;
            out vec2 v_texcoord;
            uniform mat4 u_transformation;
            uniform float u_aspect;
            uniform vec4 u_crop; // x, y, width, height of the window shown, in texture coordinates
            void main() {
                gl_Position = u_transformation * vec4(a_position.x * u_aspect, a_position.yzw);
                v_texcoord = u_crop.xy + a_texcoord * u_crop.zw;
            }
            """;

    private final Property<Double> fov;
    private final Property<Boolean> ortho;
    private final Property<Double> translationX;
    private final Property<Double> translationY;
    private final Property<Double> translationZ;
    private final Property<Double> rotationX;
    private final Property<Double> rotationY;
    private final Property<Double> rotationZ;
    private final Property<Double> scaleX;
    private final Property<Double> scaleY;
    private final Property<Double> pivotX;
    private final Property<Double> pivotY;
    private final Property<Double> pivotZ;
    private final Property<Integer> cropLeft;
    private final Property<Integer> cropRight;
    private final Property<Integer> cropTop;
    private final Property<Integer> cropBottom;

    private volatile GLVideoInfo inInfo;
    private volatile GLVideoInfo outInfo;
    private Crop frameCrop; // the frame being drawn: set in transform, read on the GL thread it waits for

    /** The window of the input shown, in pixels. */
    record Crop(int left, int top, int width, int height) {
    }

    public GLTransformation(String name) {
        super(name);
        fov = property(PropertySpec.ofDouble("fov", 90, 0.01, 179.99, "vertical field of view of the perspective, in degrees"));
        ortho = property(PropertySpec.ofBoolean("ortho", false, "orthographic projection instead of perspective"));
        translationX = property(coordinate("translation-x", 0, "translation along x (1: the output's width)"));
        translationY = property(coordinate("translation-y", 0, "translation along y (1: the output's height)"));
        translationZ = property(coordinate("translation-z", 0, "translation along z (towards the viewer)"));
        rotationX = property(coordinate("rotation-x", 0, "rotation about the x axis, in degrees"));
        rotationY = property(coordinate("rotation-y", 0, "rotation about the y axis, in degrees"));
        rotationZ = property(coordinate("rotation-z", 0, "rotation about the z axis (in the picture's plane), in degrees"));
        scaleX = property(coordinate("scale-x", 1, "scale along x"));
        scaleY = property(coordinate("scale-y", 1, "scale along y"));
        pivotX = property(coordinate("pivot-x", 0, "rotation pivot x: 0 the center, -1 the left border, 1 the right"));
        pivotY = property(coordinate("pivot-y", 0, "rotation pivot y: 0 the center, -1 the bottom border, 1 the top"));
        pivotZ = property(coordinate("pivot-z", 0, "rotation pivot z"));
        cropLeft = property(cropSpec("crop-left", "pixels cut from the left of the input"));
        cropRight = property(cropSpec("crop-right", "pixels cut from the right of the input"));
        cropTop = property(cropSpec("crop-top", "pixels cut from the top of the input"));
        cropBottom = property(cropSpec("crop-bottom", "pixels cut from the bottom of the input"));
    }

    public GLTransformation() {
        this(null);
    }

    /** A property changed: the next buffer renegotiates (another size, in or out of passthrough). */
    private void reconfigure() {
        srcPad.markReconfigure();
    }

    /** Whether the properties leave the picture as it is (no crop, the identity transform). */
    private boolean isIdentity() {
        return cropLeft.get() == 0 && cropRight.get() == 0 && cropTop.get() == 0 && cropBottom.get() == 0
                && translationX.get() == 0 && translationY.get() == 0 && translationZ.get() == 0
                && rotationX.get() == 0 && rotationY.get() == 0 && rotationZ.get() == 0
                && scaleX.get() == 1 && scaleY.get() == 1;
    }

    /** The identity between equal caps sends the input on untouched, as GStreamer's does. */
    @Override
    protected boolean passthroughOnSameCaps() {
        return isIdentity();
    }

    /** Declares a property whose change renegotiates. */
    private <T> Property<T> property(PropertySpec<T> spec) {
        return declare(spec, this::reconfigure);
    }

    private static PropertySpec<Double> coordinate(String name, double def, String description) {
        return PropertySpec.ofDouble(name, def, -FLOAT_MAX, FLOAT_MAX, description);
    }

    private static PropertySpec<Integer> cropSpec(String name, String description) {
        return PropertySpec.ofInt(name, 0, 0, Integer.MAX_VALUE, description);
    }

    @Override
    public String factoryName() {
        return "gltransformation";
    }

    @Override
    protected String fragmentShader() {
        return GLShader.IDENTITY_FRAGMENT;
    }

    @Override
    protected String vertexShader() {
        return VERTEX;
    }

    @Override
    protected boolean coversOutput() {
        return false;
    }

    @Override
    protected boolean linearSampling() {
        return true;
    }

    // ------------------------------------------------------------------ caps

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        // First the size videocrop would give (or need), then any size: the picture is scaled.
        int dw = cropLeft.get() + cropRight.get();
        int dh = cropTop.get() + cropBottom.get();
        int sign = direction == PadDirection.SINK ? -1 : 1;
        Caps.Builder preferred = Caps.builder();
        Caps.Builder any = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            if (s.has("width") && s.has("height") && s.isFixed()) {
                int w = s.getInt("width") + sign * dw;
                int h = s.getInt("height") + sign * dh;
                if (w > 0 && h > 0) {
                    preferred.add(s.with("width", w).with("height", h), caps.features(i));
                }
            }
            any.add(s.without("width").without("height"), caps.features(i));
        }
        Caps other = direction == PadDirection.SINK ? srcPad.templateCaps() : sinkPad.templateCaps();
        Caps all = preferred.build().append(any.build()).intersect(other, IntersectMode.FIRST);
        return filter == null ? all : filter.intersect(all, IntersectMode.FIRST);
    }

    @Override
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        if (othercaps.isEmpty() || caps.isEmpty()) {
            return othercaps.fixate();
        }
        Structure in = caps.structure(0);
        Structure s = othercaps.structure(0);
        if (in.has("width") && s.has("width")) {
            s = s.fixateFieldNearestInt("width", Math.max(1, in.getInt("width") - cropLeft.get() - cropRight.get()));
        }
        if (in.has("height") && s.has("height")) {
            s = s.fixateFieldNearestInt("height", Math.max(1, in.getInt("height") - cropTop.get() - cropBottom.get()));
        }
        return Caps.of(s, othercaps.features(0)).fixate();
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        GLVideoInfo i = GLVideoInfo.of(in);
        try {
            crop(i);
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, null);
            return false;
        }
        inInfo = i;
        outInfo = GLVideoInfo.of(out);
        if (!isIdentity()) {
            setPassthrough(false); // BaseTransform decides passthrough only when passthroughOnSameCaps()
        }
        return super.setCaps(in, out);
    }

    /** The crop window of {@code in}; a crop that leaves nothing is an error naming the values. */
    private Crop crop(GLVideoInfo in) {
        int l = cropLeft.get();
        int r = cropRight.get();
        int t = cropTop.get();
        int b = cropBottom.get();
        if ((long) l + r >= in.width()) {
            throw new IllegalArgumentException("crop-left=" + l + " + crop-right=" + r + " leave nothing of the "
                    + in.width() + " pixels wide input");
        }
        if ((long) t + b >= in.height()) {
            throw new IllegalArgumentException("crop-top=" + t + " + crop-bottom=" + b + " leave nothing of the "
                    + in.height() + " pixels high input");
        }
        return new Crop(l, t, in.width() - l - r, in.height() - t - b);
    }

    // ------------------------------------------------------------------ drawing

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        try {
            frameCrop = crop(inInfo); // the properties may have changed while playing
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, null);
            return FlowReturn.ERROR;
        }
        return super.transform(in, out);
    }

    @Override
    protected void setUniforms(GLShader program, Buffer in) {
        GLVideoInfo i = inInfo;
        GLVideoInfo o = outInfo;
        Crop c = frameCrop;
        float aspect = (float) o.width() / o.height();
        program.setFloat("u_aspect", aspect);
        program.setVec4("u_crop", (float) c.left() / i.width(), (float) c.top() / i.height(),
                (float) c.width() / i.width(), (float) c.height() / i.height());
        program.setMat4("u_transformation", mvp(aspect));
    }

    /** Projection × view × model, as GStreamer's gltransformation builds it for {@code aspect} (width / height). */
    Matrix4 mvp(float aspect) {
        // The pivot in model space: x scaled by the aspect; y and z as GStreamer signs them.
        float px = (float) (-pivotX.get() * aspect);
        float py = pivotY.get().floatValue();
        float pz = (float) -pivotZ.get();
        Matrix4 model = Matrix4.translation((float) (translationX.get() * 2 * aspect), (float) (translationY.get() * 2),
                        (float) (translationZ.get() * 2))
                .times(Matrix4.translation(-px, -py, -pz))
                .times(Matrix4.rotationZ(rotationZ.get()))
                .times(Matrix4.rotationY(rotationY.get()))
                .times(Matrix4.rotationX(rotationX.get()))
                .times(Matrix4.scaling(scaleX.get().floatValue(), scaleY.get().floatValue(), 1))
                .times(Matrix4.translation(px, py, pz));
        Matrix4 view = Matrix4.translation(0, 0, -1); // eye at (0, 0, 1) looking at the origin, y up
        Matrix4 projection = ortho.get()
                ? Matrix4.ortho(-aspect, aspect, -1, 1, Z_NEAR, Z_FAR)
                : Matrix4.perspective(fov.get(), aspect, Z_NEAR, Z_FAR);
        return projection.times(view).times(model);
    }
}
