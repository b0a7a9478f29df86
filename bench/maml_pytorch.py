#!/usr/bin/env python3
"""PyTorch side of the Thaw MAML benchmark: MeLU-sized meta-learning steps, per-task loop and vmap.

Workload (keep in step with Thaw's own benchmark):
  model  8 categorical fields x vocab 100 -> embedding dim 32 each -> concat 256
         -> Linear(256,64)+ReLU -> Linear(64,64)+ReLU -> Linear(64,1), MSE loss
  step   32 tasks x (10 support + 10 query rows, random field values, random ratings in [1,5]);
         per task one SGD step (INNER_LR) on the three Linear layers only, query loss with the fast
         weights; meta-gradient of the mean query loss w.r.t. ALL parameters (embeddings too); Adam(1e-3).
  maml2  second order: inner gradients taken with create_graph=True
  maml1  first order: inner gradients detached (create_graph=False)

Prints one JSON object: median milliseconds per meta-step at 1 and 2 threads for each variant,
1024^3 float32 matmul GFLOP/s, the torch version and the BLAS/OpenMP libraries in use.
Run with the Debian python: /usr/bin/python3 bench/maml_pytorch.py (see bench/README.md).
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn.functional as F

FIELDS = 8
VOCAB = 100
EMBED_DIM = 32
HIDDEN = 64
TASKS = 32
SUPPORT = 10
QUERY = 10
INNER_LR = 0.01
META_LR = 1e-3
FC_NAMES = ("w1", "b1", "w2", "b2", "w3", "b3")

try:
    from torch.func import grad as func_grad, vmap  # torch >= 2.0
except ImportError:
    try:
        from functorch import grad as func_grad, vmap  # torch 1.13
    except ImportError:
        func_grad = vmap = None

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None


def init_params(gen):
    """Embedding tables and Linear layers, initialised like nn.Embedding / nn.Linear."""
    def linear(n_in, n_out):
        bound = 1.0 / n_in ** 0.5
        w = (torch.rand(n_out, n_in, generator=gen) * 2 - 1) * bound
        b = (torch.rand(n_out, generator=gen) * 2 - 1) * bound
        return w, b

    emb = [torch.randn(VOCAB, EMBED_DIM, generator=gen) for _ in range(FIELDS)]
    w1, b1 = linear(FIELDS * EMBED_DIM, HIDDEN)
    w2, b2 = linear(HIDDEN, HIDDEN)
    w3, b3 = linear(HIDDEN, 1)
    fc = dict(w1=w1, b1=b1, w2=w2, b2=b2, w3=w3, b3=b3)
    return [e.requires_grad_() for e in emb], {k: v.requires_grad_() for k, v in fc.items()}


def forward(emb, fc, x):
    """x: [rows, FIELDS] int64 -> predictions [rows, 1]."""
    h = torch.cat([F.embedding(x[:, i], emb[i]) for i in range(FIELDS)], dim=1)
    h = F.relu(F.linear(h, fc["w1"], fc["b1"]))
    h = F.relu(F.linear(h, fc["w2"], fc["b2"]))
    return F.linear(h, fc["w3"], fc["b3"])


def make_batch(gen):
    """One meta-batch: support/query field values and ratings for every task."""
    def rows(n):
        x = torch.randint(0, VOCAB, (TASKS, n, FIELDS), generator=gen)
        y = torch.rand(TASKS, n, 1, generator=gen) * 4 + 1
        return x, y
    xs, ys = rows(SUPPORT)
    xq, yq = rows(QUERY)
    return xs, ys, xq, yq


def meta_loss_loop(emb, fc, batch, second_order):
    """MeLU reference style: a Python loop over tasks, torch.autograd.grad for the inner step."""
    xs, ys, xq, yq = batch
    losses = []
    for t in range(TASKS):
        support_loss = F.mse_loss(forward(emb, fc, xs[t]), ys[t])
        grads = torch.autograd.grad(support_loss, [fc[k] for k in FC_NAMES], create_graph=second_order)
        fast = {k: fc[k] - INNER_LR * g for k, g in zip(FC_NAMES, grads)}
        losses.append(F.mse_loss(forward(emb, fast, xq[t]), yq[t]))
    return torch.stack(losses).mean()


def meta_loss_vmap(emb, fc, batch, second_order):
    """All tasks at once: vmap over tasks of (functional inner grad, fast-weight query loss)."""
    def task_loss(xs, ys, xq, yq):
        def support_loss(fast):
            return F.mse_loss(forward(emb, fast, xs), ys)
        grads = func_grad(support_loss)(fc)
        if not second_order:
            grads = {k: g.detach() for k, g in grads.items()}
        fast = {k: fc[k] - INNER_LR * grads[k] for k in FC_NAMES}
        return F.mse_loss(forward(emb, fast, xq), yq)
    return vmap(task_loss)(*batch).mean()


def time_meta_steps(meta_loss, second_order, steps, warmup, seed=0):
    gen = torch.Generator().manual_seed(seed)
    emb, fc = init_params(gen)
    opt = torch.optim.Adam(emb + list(fc.values()), lr=META_LR)
    times = []
    for i in range(warmup + steps):
        batch = make_batch(gen)
        start = time.perf_counter()
        loss = meta_loss(emb, fc, batch, second_order)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed = time.perf_counter() - start
        if i >= warmup:
            times.append(elapsed)
    assert torch.isfinite(loss).item()
    return statistics.median(times) * 1e3


def gemm_gflops(reps=10):
    a = torch.randn(1024, 1024)
    b = torch.randn(1024, 1024)
    for _ in range(2):
        a @ b
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * 1024 ** 3 / statistics.median(times) / 1e9


def with_threads(n, fn):
    """Runs fn with torch intra-op threads and (if threadpoolctl is present) BLAS/OpenMP pools pinned to n."""
    torch.set_num_threads(n)
    if threadpool_limits is None:
        return fn()
    with threadpool_limits(limits=n):
        return fn()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60, help="timed meta-steps per figure (median; >= 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed meta-steps first")
    args = parser.parse_args()
    torch.set_num_interop_threads(1)

    variants = {"maml2": (meta_loss_loop, True), "maml1": (meta_loss_loop, False)}
    if vmap is not None:
        check_vmap_matches_loop(second_order=True)
        check_vmap_matches_loop(second_order=False)
        variants.update({"maml2_vmap": (meta_loss_vmap, True), "maml1_vmap": (meta_loss_vmap, False)})
    result = {}
    for threads in (1, 2):
        for name, (loss_fn, second_order) in variants.items():
            ms = with_threads(threads, lambda: time_meta_steps(loss_fn, second_order, args.steps, args.warmup))
            base, _, suffix = name.partition("_")
            result[f"{base}_ms_{threads}t" + (f"_{suffix}" if suffix else "")] = round(ms, 3)
        result[f"gemm_gflops_{threads}t"] = round(with_threads(threads, gemm_gflops), 2)
    result["torch"] = torch.__version__
    result["steps"] = args.steps
    result["blas"] = blas_libraries()
    print(json.dumps(result, indent=2))


def blas_libraries():
    """The BLAS libraries this process has loaded: threadpoolctl's view (it knows OpenBLAS, MKL, BLIS and
    OpenMP, with the kernel architecture) plus every mapped *blas* file, which also shows reference BLAS."""
    mapped = set()
    try:
        with open("/proc/self/maps") as maps:
            mapped = {os.path.realpath(line.split()[-1]) for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    except OSError:
        pass
    pools = "threadpoolctl not installed" if threadpool_info is None else [
        {k: lib.get(k) for k in ("internal_api", "version", "architecture", "filepath")} for lib in threadpool_info()]
    return {"mapped": sorted(mapped), "threadpoolctl": pools}


def check_vmap_matches_loop(second_order):
    """Both modes must compute the same meta-gradient, or the timings compare different work."""
    gen = torch.Generator().manual_seed(1)
    emb, fc = init_params(gen)
    batch = make_batch(gen)
    params = emb + list(fc.values())
    loop = torch.autograd.grad(meta_loss_loop(emb, fc, batch, second_order), params)
    batched = torch.autograd.grad(meta_loss_vmap(emb, fc, batch, second_order), params)
    for a, b in zip(loop, batched):
        if not torch.allclose(a, b, rtol=1e-4, atol=1e-6):
            raise AssertionError(f"vmap meta-gradient differs from the loop's (second_order={second_order})")


if __name__ == "__main__":
    main()
