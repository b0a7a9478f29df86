package dev.thaw.engine;

import java.util.Arrays;

/** Static helpers for shapes: sizes, validation, broadcasting. */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape (1 for a scalar shape {}). */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The broadcast shape of two shapes (NumPy rules), or an error naming both. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides for reading a tensor of shape {@code from} as if it had the broadcast shape {@code to}:
     * 0 on broadcast dimensions.
     */
    public static int[] broadcastStrides(int[] from, int[] to) {
        int[] natural = strides(from);
        int[] s = new int[to.length];
        int lead = to.length - from.length;
        for (int i = 0; i < to.length; i++) {
            if (i < lead) {
                s[i] = 0;
            } else {
                int d = from[i - lead];
                s[i] = d == 1 && to[i] != 1 ? 0 : natural[i - lead];
            }
        }
        return s;
    }

    /** Normalises a possibly negative axis against a rank, or fails naming both. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** The shape as "[2, 3]" for messages. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
