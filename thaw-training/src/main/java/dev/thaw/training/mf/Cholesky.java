package dev.thaw.training.mf;

/** Solving small symmetric positive definite systems in float64. */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Solves A x = b for symmetric positive definite A given by its upper triangle (row-major
     * {@code d x d}; the lower triangle is ignored and overwritten). x replaces b.
     *
     * @throws IllegalStateException when A is not positive definite
     */
    static void solveUpperInPlace(double[] a, double[] b, int d) {
        // Factor A = R^T R with R upper triangular, stored in a's upper triangle.
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double s = a[i * d + j];
                for (int k = 0; k < i; k++) {
                    s -= a[k * d + i] * a[k * d + j];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("normal equation is not positive definite (pivot " + s + ")");
                    }
                    a[i * d + i] = Math.sqrt(s);
                } else {
                    a[i * d + j] = s / a[i * d + i];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[k * d + i] * b[k];
            }
            b[i] = s / a[i * d + i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < d; k++) {
                s -= a[i * d + k] * b[k];
            }
            b[i] = s / a[i * d + i];
        }
    }
}
