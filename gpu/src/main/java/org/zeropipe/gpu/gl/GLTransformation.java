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

    private volatile Params params; // all properties, replaced whole by every set (see Params)
    private volatile Params negotiated; // those the last setCaps used
    private volatile GLVideoInfo inInfo;
    private volatile GLVideoInfo outInfo;
    // the frame being drawn: set in transform, read on the GL thread it waits for
    private Crop frameCrop;
    private Params frameParams;

    /**
     * The properties as one value: each set replaces it whole, so a negotiation and a frame read
     * one consistent snapshot (the matrix is never half old, half new).
     */
    record Params(double fov, boolean ortho, double translationX, double translationY, double translationZ,
            double rotationX, double rotationY, double rotationZ, double scaleX, double scaleY, double pivotX,
            double pivotY, double pivotZ, int cropLeft, int cropRight, int cropTop, int cropBottom) {

        /** Whether the picture is left as it is (no crop, the identity transform). */
        boolean isIdentity() {
            return cropLeft == 0 && cropRight == 0 && cropTop == 0 && cropBottom == 0 && translationX == 0
                    && translationY == 0 && translationZ == 0 && rotationX == 0 && rotationY == 0 && rotationZ == 0
                    && scaleX == 1 && scaleY == 1;
        }
    }

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
        params = read();
    }

    public GLTransformation() {
        this(null);
    }

    /**
     * A property changed: publish the new snapshot, and the next buffer renegotiates (another
     * size, in or out of passthrough; BaseTransform keeps a reconfigure asked for while it
     * negotiates). Synchronized: two sets at once publish one snapshot holding both.
     */
    private synchronized void reconfigure() {
        params = read();
        srcPad.markReconfigure();
    }

    private Params read() {
        return new Params(fov.get(), ortho.get(), translationX.get(), translationY.get(), translationZ.get(),
                rotationX.get(), rotationY.get(), rotationZ.get(), scaleX.get(), scaleY.get(), pivotX.get(),
                pivotY.get(), pivotZ.get(), cropLeft.get(), cropRight.get(), cropTop.get(), cropBottom.get());
    }

    /** The identity between equal caps sends the input on untouched, as GStreamer's does. */
    @Override
    protected boolean passthroughOnSameCaps() {
        Params n = negotiated; // those setCaps just used (a later change renegotiates)
        return (n != null ? n : params).isIdentity();
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
        Params n = params;
        int dw = n.cropLeft() + n.cropRight();
        int dh = n.cropTop() + n.cropBottom();
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
        Params n = params;
        Structure in = caps.structure(0);
        Structure s = othercaps.structure(0);
        if (in.has("width") && s.has("width")) {
            s = s.fixateFieldNearestInt("width", Math.max(1, in.getInt("width") - n.cropLeft() - n.cropRight()));
        }
        if (in.has("height") && s.has("height")) {
            s = s.fixateFieldNearestInt("height", Math.max(1, in.getInt("height") - n.cropTop() - n.cropBottom()));
        }
        return Caps.of(s, othercaps.features(0)).fixate();
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        GLVideoInfo i = GLVideoInfo.of(in);
        Params n = params; // once for this negotiation
        try {
            crop(i, n);
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, null);
            return false;
        }
        negotiated = n;
        inInfo = i;
        outInfo = GLVideoInfo.of(out);
        if (!n.isIdentity()) {
            setPassthrough(false); // BaseTransform decides passthrough only when passthroughOnSameCaps()
        }
        return super.setCaps(in, out);
    }

    /** The crop window of {@code in}; a crop that leaves nothing is an error naming the values. */
    private static Crop crop(GLVideoInfo in, Params n) {
        int l = n.cropLeft();
        int r = n.cropRight();
        int t = n.cropTop();
        int b = n.cropBottom();
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
        Params n = params; // once per frame: the crop and the matrix from the same values
        try {
            frameCrop = crop(inInfo, n); // the properties may have changed while playing
            frameParams = n;
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
        program.setMat4("u_transformation", mvp(frameParams, aspect));
    }

    /** Projection × view × model, as GStreamer's gltransformation builds it for {@code aspect} (width / height). */
    Matrix4 mvp(float aspect) {
        return mvp(params, aspect);
    }

    private static Matrix4 mvp(Params n, float aspect) {
        // The pivot in model space: x scaled by the aspect; y and z as GStreamer signs them.
        float px = (float) (-n.pivotX() * aspect);
        float py = (float) n.pivotY();
        float pz = (float) -n.pivotZ();
        Matrix4 model = Matrix4.translation((float) (n.translationX() * 2 * aspect), (float) (n.translationY() * 2),
                        (float) (n.translationZ() * 2))
                .times(Matrix4.translation(-px, -py, -pz))
                .times(Matrix4.rotationZ(n.rotationZ()))
                .times(Matrix4.rotationY(n.rotationY()))
                .times(Matrix4.rotationX(n.rotationX()))
                .times(Matrix4.scaling((float) n.scaleX(), (float) n.scaleY(), 1))
                .times(Matrix4.translation(px, py, pz));
        Matrix4 view = Matrix4.translation(0, 0, -1); // eye at (0, 0, 1) looking at the origin, y up
        Matrix4 projection = n.ortho()
                ? Matrix4.ortho(-aspect, aspect, -1, 1, Z_NEAR, Z_FAR)
                : Matrix4.perspective(n.fov(), aspect, Z_NEAR, Z_FAR);
        return projection.times(view).times(model);
    }
}
