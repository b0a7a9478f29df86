package dev.thaw.engine;

/** Element type of a {@link Tensor}: float32 for work, float64 for finite-difference checks. */
public enum DType {
    FLOAT32(4, "F32"),
    FLOAT64(8, "F64");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype's name in the safetensors header ("F32", "F64"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The dtype for a safetensors header name, or an error naming the unsupported value. */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype '" + name + "' (Thaw reads F32 and F64)");
    }
}
