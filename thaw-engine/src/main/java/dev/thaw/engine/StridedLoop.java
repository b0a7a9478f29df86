package dev.thaw.engine;

/**
 * Walks a shape in row-major order for two operands read through strides (0 on broadcast
 * dimensions), after merging dimensions that are contiguous for both, so that kernels see long
 * runs. The run's increments are the operands' innermost strides (0 or 1 for our contiguous
 * tensors); the natural offset is the row-major position in the walked shape.
 */
final class StridedLoop {
    /** Receives one contiguous run. */
    @FunctionalInterface
    interface Body {
        void run(int offA, int incA, int offB, int incB, int naturalOff, int length);
    }

    private StridedLoop() {
    }

    static void forEachRun(int[] shape, int[] stridesA, int[] stridesB, Body body) {
        int rank = shape.length;
        int[] size = new int[rank];
        int[] sa = new int[rank];
        int[] sb = new int[rank];
        int groups = 0;
        for (int i = rank - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (groups > 0 && stridesA[i] == sa[groups - 1] * size[groups - 1]
                    && stridesB[i] == sb[groups - 1] * size[groups - 1]) {
                size[groups - 1] *= shape[i];
            } else {
                size[groups] = shape[i];
                sa[groups] = stridesA[i];
                sb[groups] = stridesB[i];
                groups++;
            }
        }
        if (Shapes.size(shape) == 0) {
            return;
        }
        if (groups == 0) {
            body.run(0, 0, 0, 0, 0, 1);
            return;
        }
        int runLength = size[0];
        int[] counter = new int[groups];
        int offA = 0;
        int offB = 0;
        int natural = 0;
        while (true) {
            body.run(offA, sa[0], offB, sb[0], natural, runLength);
            natural += runLength;
            int g = 1;
            while (g < groups) {
                counter[g]++;
                offA += sa[g];
                offB += sb[g];
                if (counter[g] < size[g]) {
                    break;
                }
                offA -= sa[g] * size[g];
                offB -= sb[g] * size[g];
                counter[g] = 0;
                g++;
            }
            if (g == groups) {
                return;
            }
        }
    }
}
