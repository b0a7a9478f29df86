package dev.thaw.engine.kernel;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply on row-major arrays: C[m,n] (+)= op(A)[m,k] * op(B)[k,n], where op(X) is
 * X or its transpose. {@code sgemm} is the float32 kernel used for work; {@code dgemm} is the
 * plain scalar float64 reference that float64 tensors and the kernel tests use.
 *
 * <p>{@code sgemm} has four paths. Matrix-vector shapes (m or n equal to 1) use dedicated
 * vector loops; outer products (k equal to 1) one rounded product per element. Everything else runs a {@value #MR} x 16 register-blocked micro-kernel (ten
 * 256-bit accumulators, B rows loaded as two vectors, A broadcast) over panels blocked for the
 * caches over K, M and N; A is packed into per-thread buffers. Large problems pack B as well;
 * small ones read B in place (or a packed copy where B is transposed). No path sums vector
 * lanes with {@code reduceLanes}, whose order is unspecified and differs between interpreted and
 * compiled code: the summation order of each output element depends only on the shape, never on
 * JIT timing or on which rows or columns a call covers, so runs repeat bit for bit and
 * {@link #sgemmParallel} matches {@code sgemm}.
 *
 * <p>Shape notes (measured on AVX2-class hardware, where 512-bit species are not intrinsified):
 * six rows (12 accumulators) makes C2 spill an accumulator, so five is the widest clean tile.
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    /** Micro-tile rows. */
    private static final int MR = 5;
    /** Micro-tile columns: two vectors. */
    private static final int NR = 2 * L;
    /** Depth of a packed panel; fixed so the summation order never depends on the split. */
    private static final int KC = 512;
    /** Rows of A packed at once (a multiple of MR). */
    private static final int MC = 60;
    /** Columns of B packed at once (a multiple of NR). */
    private static final int NC = 2048;
    /** Problems with at most this many multiply-adds skip packing. */
    private static final long SMALL_WORK = 1L << 21;
    /** Problems with fewer multiply-adds than this per thread are not split. */
    private static final long PARALLEL_WORK_PER_THREAD = 1L << 22;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static volatile ForkJoinPool pool;

    private Gemm() {
    }

    /**
     * float32 GEMM on the calling thread. lda/ldb/ldc are row strides of A, B, C as stored;
     * accumulate=false overwrites C.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        Mat ma = new Mat(a, aOff, transA ? 1 : lda, transA ? lda : 1);
        Mat mb = new Mat(b, bOff, transB ? 1 : ldb, transB ? ldb : 1);
        if (gemv(m, n, k, ma, mb, c, cOff, ldc, accumulate)) {
            return;
        }
        if (k == 1 && mb.cs == 1) {
            outer(m, n, ma, mb, c, cOff, ldc, accumulate);
            return;
        }
        boolean small = isSmall(m, n, k);
        blocked(0, m, 0, n, k, ma, mb, small && mb.cs == 1, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #sgemm} split over up to {@code threads} threads (the caller and a shared pool).
     * Results are bit-identical to {@code sgemm}; small problems run on the caller alone.
     */
    public static void sgemmParallel(int threads, boolean transA, boolean transB, int m, int n,
                                     int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                     int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        long work = (long) m * n * k;
        int parts = (int) Math.min(threads, work / PARALLEL_WORK_PER_THREAD);
        if (parts < 2 || m == 1 || n == 1 || isSmall(m, n, k)) {
            sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        Mat ma = new Mat(a, aOff, transA ? 1 : lda, transA ? lda : 1);
        Mat mb = new Mat(b, bOff, transB ? 1 : ldb, transB ? ldb : 1);
        boolean splitRows = m >= n;
        int unit = splitRows ? MR : NR;
        int units = ((splitRows ? m : n) + unit - 1) / unit;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int t = 0; t < parts; t++) {
            int lo = Math.min(splitRows ? m : n, units * t / parts * unit);
            int hi = Math.min(splitRows ? m : n, units * (t + 1) / parts * unit);
            Runnable r = splitRows
                    ? () -> blocked(lo, hi, 0, n, k, ma, mb, false, c, cOff, ldc, accumulate)
                    : () -> blocked(0, m, lo, hi, k, ma, mb, false, c, cOff, ldc, accumulate);
            if (t < parts - 1) {
                tasks[t] = pool().submit(r);
            } else {
                r.run();
            }
        }
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    /** float64 scalar reference GEMM. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    /** A logical matrix X(r, q) = x[off + r * rs + q * cs]. */
    private record Mat(float[] x, int off, int rs, int cs) {
        float get(int r, int q) {
            return x[off + r * rs + q * cs];
        }

        int index(int r, int q) {
            return off + r * rs + q * cs;
        }
    }

    /** Per-thread packing space, grown on demand. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k <= SMALL_WORK && k <= KC;
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Gemm.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
                    pool = p;
                }
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- blocked path

    /**
     * Rows [i0, i1) and columns [j0, j1) of C, blocked over K, M and N. A is always packed into
     * MR-row panels. B is packed into NR-column panels unless {@code bInPlace}, in which case the
     * micro-kernel reads full panels straight from B (rows must be contiguous) and only a ragged
     * last panel is copied. Tiles start at multiples of MR / NR from i0 / j0.
     */
    private static void blocked(int i0, int i1, int j0, int j1, int k, Mat ma, Mat mb, boolean bInPlace,
                                float[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bp = buf.b(kc * roundUp(nc, NR));
                packB(mb, pc, kc, jc, nc, bInPlace, bp);
                boolean acc = accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    float[] ap = buf.a(kc * roundUp(mc, MR));
                    packA(ma, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        boolean direct = bInPlace && cols == NR;
                        float[] bx = direct ? mb.x : bp;
                        int b0 = direct ? mb.index(pc, jc + jr) : jr * kc;
                        int bps = direct ? mb.rs : NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(kc, ap, ir * kc, bx, b0, bps, c, cOff + (ic + ir) * ldc + jc + jr,
                                    ldc, Math.min(MR, mc - ir), cols, acc);
                        }
                    }
                }
            }
        }
    }

    /** Packs A(i0.., p0..) into MR-row panels, p-major inside a panel, zero-padded. */
    private static void packA(Mat ma, int i0, int mc, int p0, int kc, float[] ap) {
        int idx = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            if (rows == MR && ma.cs == 1) {
                packRowPanel(ma.x, ma.index(i0 + ir, p0), ma.rs, kc, ap, idx);
            } else if (rows == MR && ma.rs == 1) {
                packColumnPanel(ma.x, ma.index(i0 + ir, p0), ma.cs, kc, ap, idx);
            } else {
                packPartialPanel(ma, i0 + ir, rows, p0, kc, ap, idx);
            }
            idx += MR * kc;
        }
    }

    /**
     * A panel of the first {@code rows} rows from A(i, p0..) with any strides (a last panel of
     * fewer than MR rows): row by row, the missing rows zero.
     */
    private static void packPartialPanel(Mat ma, int i, int rows, int p0, int kc, float[] ap, int dst) {
        Arrays.fill(ap, dst, dst + MR * kc, 0f);
        for (int r = 0; r < rows; r++) {
            for (int p = 0, src = ma.index(i + r, p0), d = dst + r; p < kc; p++, src += ma.cs, d += MR) {
                ap[d] = ma.x[src];
            }
        }
    }

    /**
     * One full panel of MR contiguous rows (row r from x[src + r * rs]): ap[dst + p * MR + r] =
     * A(r, p). Each row is read with unit step and no branch, so the JIT drops the range checks;
     * small products pack their left operand this way on every call.
     */
    private static void packRowPanel(float[] x, int src, int rs, int kc, float[] ap, int dst) {
        int s1 = src + rs;
        int s2 = s1 + rs;
        int s3 = s2 + rs;
        int s4 = s3 + rs;
        for (int p = 0, d = dst; p < kc; p++, d += MR) {
            ap[d] = x[src + p];
            ap[d + 1] = x[s1 + p];
            ap[d + 2] = x[s2 + p];
            ap[d + 3] = x[s3 + p];
            ap[d + 4] = x[s4 + p];
        }
    }

    /**
     * One full panel of MR rows of a transposed A, whose rows are contiguous at each step p
     * (A(r, p) = x[src + p * cs + r]): ap[dst + p * MR + r] = A(r, p), unrolled without branches.
     */
    private static void packColumnPanel(float[] x, int src, int cs, int kc, float[] ap, int dst) {
        for (int p = 0, s = src, d = dst; p < kc; p++, s += cs, d += MR) {
            ap[d] = x[s];
            ap[d + 1] = x[s + 1];
            ap[d + 2] = x[s + 2];
            ap[d + 3] = x[s + 3];
            ap[d + 4] = x[s + 4];
        }
    }

    /**
     * Packs B(p0.., j0..) into NR-column panels, p-major inside a panel, zero-padded; with
     * {@code raggedOnly} only a last panel narrower than NR.
     */
    private static void packB(Mat mb, int p0, int kc, int j0, int nc, boolean raggedOnly, float[] bp) {
        for (int jr = raggedOnly ? nc - nc % NR : 0; jr < nc; jr += NR) {
            packBPanel(mb, p0, kc, j0 + jr, Math.min(NR, nc - jr), bp, jr * kc);
        }
    }

    /** Packs one kc x NR panel of B starting at column j, of which {@code cols} are real. */
    private static void packBPanel(Mat mb, int p0, int kc, int j, int cols, float[] bp, int dst) {
        float[] x = mb.x;
        if (cols == NR && mb.cs == 1) {
            for (int p = 0; p < kc; p++, dst += NR) {
                int src = mb.index(p0 + p, j);
                FloatVector.fromArray(S, x, src).intoArray(bp, dst);
                FloatVector.fromArray(S, x, src + L).intoArray(bp, dst + L);
            }
            return;
        }
        for (int q = 0; q < NR; q++) {
            if (q < cols) {
                for (int p = 0, src = mb.index(p0, j + q); p < kc; p++, src += mb.rs) {
                    bp[dst + p * NR + q] = x[src];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    bp[dst + p * NR + q] = 0f;
                }
            }
        }
    }

    /**
     * The micro-kernel: C tile (+)= A panel * B panel over kc steps, where the packed A panel
     * holds MR values per step from ap[a0] and B's NR-wide row p sits at b[b0 + p * bps]. Only
     * the first rows x cols of the MR x NR tile are stored.
     */
    private static void kernel(int kc, float[] ap, int a0, float[] b, int b0, int bps,
                               float[] c, int c0, int ldc, int rows, int cols, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        for (int p = 0, pb = b0; p < kc; p++, pb += bps) {
            int pa = a0 + p * MR;
            FloatVector b0v = FloatVector.fromArray(S, b, pb);
            FloatVector b1v = FloatVector.fromArray(S, b, pb + L);
            FloatVector av = FloatVector.broadcast(S, ap[pa]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            av = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = av.fma(b0v, c40);
            c41 = av.fma(b1v, c41);
        }
        store(c, c0, cols, acc, c00, c01);
        if (rows > 1) {
            store(c, c0 + ldc, cols, acc, c10, c11);
        }
        if (rows > 2) {
            store(c, c0 + 2 * ldc, cols, acc, c20, c21);
        }
        if (rows > 3) {
            store(c, c0 + 3 * ldc, cols, acc, c30, c31);
        }
        if (rows > 4) {
            store(c, c0 + 4 * ldc, cols, acc, c40, c41);
        }
    }

    /** Writes (or adds) the first {@code cols} lanes of v0:v1 to c[idx..]. */
    private static void store(float[] c, int idx, int cols, boolean acc, FloatVector v0, FloatVector v1) {
        if (cols == NR) {
            if (acc) {
                v0 = v0.add(FloatVector.fromArray(S, c, idx));
                v1 = v1.add(FloatVector.fromArray(S, c, idx + L));
            }
            v0.intoArray(c, idx);
            v1.intoArray(c, idx + L);
            return;
        }
        storePart(c, idx, cols, acc, v0);
        storePart(c, idx + L, cols - L, acc, v1);
    }

    private static void storePart(float[] c, int idx, int cols, boolean acc, FloatVector v) {
        if (cols <= 0) {
            return;
        }
        VectorMask<Float> mask = S.indexInRange(0, cols);
        if (acc) {
            v = v.add(FloatVector.fromArray(S, c, idx, mask));
        }
        v.intoArray(c, idx, mask);
    }

    private static float dotTail(int k, int kv, float[] a, int ai, float[] b, int bi) {
        float s = 0f;
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    private static void put(float[] c, int idx, boolean acc, float v) {
        c[idx] = acc ? c[idx] + v : v;
    }

    /**
     * C (+)= A(:, 0) B(0, :), the k = 1 products (outer products), B's row contiguous: each
     * element is fma(a, b, 0) as in the micro-kernel, so results match it bit for bit.
     */
    private static void outer(int m, int n, Mat ma, Mat mb, float[] c, int cOff, int ldc, boolean acc) {
        int nv = S.loopBound(n);
        int b0 = mb.index(0, 0);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            float a = ma.get(i, 0);
            FloatVector av = FloatVector.broadcast(S, a);
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j < nv; j += L) {
                FloatVector v = av.fma(FloatVector.fromArray(S, mb.x, b0 + j), zero);
                if (acc) {
                    v = v.add(FloatVector.fromArray(S, c, ci + j));
                }
                v.intoArray(c, ci + j);
            }
            for (; j < n; j++) {
                put(c, ci + j, acc, Math.fma(a, mb.x[b0 + j], 0f));
            }
        }
    }

    // ---------------------------------------------------------------- matrix-vector

    /**
     * Handles m == 1 or n == 1 when the operands allow unit-stride vector loops; returns false
     * when the general paths must run instead.
     */
    private static boolean gemv(int m, int n, int k, Mat ma, Mat mb,
                                float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 1 && mb.cs == 1) {
            // c[0, :] = sum_p A(0, p) * B(p, :)
            axpyRows(n, k, ma.x, ma.off, ma.cs, mb, c, cOff, accumulate);
        } else if (m == 1 && ma.cs == 1) {
            // c[0, j] = dot(A row 0, B^T row j); B^T rows are the stored rows of B
            dots(n, k, new Mat(mb.x, mb.off, mb.cs, 1), ma.x, ma.off, c, cOff, 1, accumulate);
        } else if (n == 1 && mb.rs == 1 && ma.cs == 1) {
            // c[i, 0] = dot(A row i, B column 0)
            dots(m, k, ma, mb.x, mb.off, c, cOff, ldc, accumulate);
        } else if (n == 1 && ldc == 1 && ma.rs == 1) {
            // c[:, 0] = sum_p B(p, 0) * A^T(p, :), rows of A^T contiguous
            axpyRows(m, k, mb.x, mb.off, mb.rs, new Mat(ma.x, ma.off, ma.cs, 1), c, cOff, accumulate);
        } else {
            return false;
        }
        return true;
    }

    /** y[0..len) (+)= sum_p x[x0 + p * xs] * M(p, 0..len), rows of M contiguous. */
    private static void axpyRows(int len, int k, float[] x, int x0, int xs, Mat mm,
                                 float[] y, int y0, boolean acc) {
        float[] w = mm.x;
        int j = 0;
        for (; j + 4 * L <= len; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0, mi = mm.index(0, j), xi = x0; p < k; p++, mi += mm.rs, xi += xs) {
                FloatVector xv = FloatVector.broadcast(S, x[xi]);
                s0 = xv.fma(FloatVector.fromArray(S, w, mi), s0);
                s1 = xv.fma(FloatVector.fromArray(S, w, mi + L), s1);
                s2 = xv.fma(FloatVector.fromArray(S, w, mi + 2 * L), s2);
                s3 = xv.fma(FloatVector.fromArray(S, w, mi + 3 * L), s3);
            }
            store(y, y0 + j, NR, acc, s0, s1);
            store(y, y0 + j + NR, NR, acc, s2, s3);
        }
        for (; j < len; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, len);
            FloatVector s = FloatVector.zero(S);
            for (int p = 0, mi = mm.index(0, j), xi = x0; p < k; p++, mi += mm.rs, xi += xs) {
                s = FloatVector.broadcast(S, x[xi]).fma(FloatVector.fromArray(S, w, mi, mask), s);
            }
            storePart(y, y0 + j, len - j, acc, s);
        }
    }

    /** y[i * ys] (+)= dot(M row i, x[x0..x0+k)) for i < rows, rows of M contiguous. */
    private static void dots(int rows, int k, Mat mm, float[] x, int x0,
                             float[] y, int y0, int ys, boolean acc) {
        int kv = k - k % L;
        float[] w = mm.x;
        float[] lanes = new float[4 * L];
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int m0 = mm.index(i, 0);
            int m1 = m0 + mm.rs;
            int m2 = m1 + mm.rs;
            int m3 = m2 + mm.rs;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < kv; p += L) {
                FloatVector xv = FloatVector.fromArray(S, x, x0 + p);
                s0 = xv.fma(FloatVector.fromArray(S, w, m0 + p), s0);
                s1 = xv.fma(FloatVector.fromArray(S, w, m1 + p), s1);
                s2 = xv.fma(FloatVector.fromArray(S, w, m2 + p), s2);
                s3 = xv.fma(FloatVector.fromArray(S, w, m3 + p), s3);
            }
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            put(y, y0 + i * ys, acc, VectorMath.sumInOrder(lanes, 0, L) + dotTail(k, kv, w, m0, x, x0));
            put(y, y0 + (i + 1) * ys, acc, VectorMath.sumInOrder(lanes, L, L) + dotTail(k, kv, w, m1, x, x0));
            put(y, y0 + (i + 2) * ys, acc, VectorMath.sumInOrder(lanes, 2 * L, L) + dotTail(k, kv, w, m2, x, x0));
            put(y, y0 + (i + 3) * ys, acc, VectorMath.sumInOrder(lanes, 3 * L, L) + dotTail(k, kv, w, m3, x, x0));
        }
        for (; i < rows; i++) {
            int mi = mm.index(i, 0);
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                s = FloatVector.fromArray(S, x, x0 + p).fma(FloatVector.fromArray(S, w, mi + p), s);
            }
            s.intoArray(lanes, 0);
            put(y, y0 + i * ys, acc, VectorMath.sumInOrder(lanes, 0, L) + dotTail(k, kv, w, mi, x, x0));
        }
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
