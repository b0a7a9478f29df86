#!/usr/bin/env python3
"""PyTorch side of the MeLU epoch benchmark: the epoch `thaw bench melu-epoch` times, in PyTorch.

Reads the file `thaw bench melu-epoch --export FILE` writes (safetensors: every task's encoded
support and query rows, the meta-batch order, the initial weights, and Thaw's own results on the
epoch) and runs the same epoch the way MeLU's reference code does, a Python loop over tasks:

  model  one embedding table per field (dim 32; multi-valued fields mean-pooled with embedding_bag),
         concatenated (256) -> Linear 64 -> ReLU -> Linear 64 -> ReLU -> Linear 1, MSE loss
  task   one SGD step (inner lr from the export) on the decision layers only, with
         torch.autograd.grad(create_graph=True) (second order); the query loss with those fast weights
         (functional: the fast weights stay in the graph, no load_state_dict)
  step   mean query loss of the meta-batch's tasks, backward to every parameter, Adam

Before timing it checks that both implementations compute the same thing, and exits non-zero if
not: the first meta-step's loss and meta-gradient at the exported initial weights, then (after the
timed epochs) every meta-step's loss and the final weights against Thaw's.

Prints one JSON object: epoch wall time, process CPU time and meta-steps/s with 1 and 2 threads, the checks, peak RSS,
the torch version and the BLAS in use. Run with Debian's python: see bench/README.md.
"""
import argparse
import json
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from maml_pytorch import blas_libraries, with_threads

NUMPY_TYPES = {"F32": np.float32, "F64": np.float64}
LOSS_RTOL = 1e-4          # first meta-step loss, float32 on both sides
GRADIENT_RTOL = 1e-3      # |g_torch - g_thaw| / |g_thaw| per parameter, first meta-step
EPOCH_LOSS_RTOL = 1e-3    # every meta-step's loss over the epoch
# |w_torch - w_thaw| / |w_thaw - w_init| after the epoch, per parameter: Adam divides by sqrt(v), so
# coordinates with near-zero gradients (rare zip codes) amplify float32 rounding; measured 1.6e-2.
FINAL_WEIGHTS_RTOL = 5e-2


def read_safetensors(path):
    """{name: numpy array} and the metadata of a safetensors file (8-byte LE header length, JSON, data)."""
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    metadata = header.pop("__metadata__", {})
    data = memoryview(blob)[8 + length:]
    arrays = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        arrays[name] = np.frombuffer(data[begin:end], dtype=NUMPY_TYPES[entry["dtype"]]).reshape(entry["shape"])
    return arrays, metadata


class Export:
    """The exported epoch: per-task inputs as torch tensors, the order, weights and Thaw's results."""

    def __init__(self, path):
        arrays, metadata = read_safetensors(path)
        self.arrays = arrays
        self.layout = json.loads(metadata["layout"])
        self.fields = [("user", f) for f in self.layout["user_fields"]] + [("item", f) for f in self.layout["item_fields"]]
        self.support = self._tasks(arrays, "support")
        self.query = self._tasks(arrays, "query")
        self.order = arrays["order"].astype(np.int64)
        size = self.layout["meta_batch_size"]
        self.batches = [self.order[i:i + size] for i in range(0, len(self.order), size)]
        self.parameter_names = [f["parameter"] for _, f in self.fields] + self.layout["decision"]

    def _tasks(self, arrays, kind):
        """Per task: ([(indices, bag offsets or None) per field], labels)."""
        task_rows = arrays[f"{kind}/task_rows"].astype(np.int64)
        labels = torch.from_numpy(arrays[f"{kind}/labels"].copy())
        columns = []
        for side, field in self.fields:
            prefix = f"{kind}/{side}/{field['name']}"
            columns.append((field["multi_valued"], arrays[prefix + "/indices"].astype(np.int64),
                            arrays[prefix + "/offsets"].astype(np.int64)))
        tasks = []
        for t in range(len(task_rows) - 1):
            lo, hi = task_rows[t], task_rows[t + 1]
            inputs = []
            for multi_valued, indices, offsets in columns:
                start, stop = offsets[lo], offsets[hi]
                ids = torch.from_numpy(indices[start:stop].copy())
                bags = torch.from_numpy(offsets[lo:hi] - start) if multi_valued else None
                inputs.append((ids, bags))
            tasks.append((inputs, labels[lo:hi]))
        return tasks

    def weights(self, prefix):
        """Fresh leaf tensors of the exported weights under prefix ('init/', 'final/', 'grad/')."""
        return [torch.tensor(self.arrays[prefix + name]) for name in self.parameter_names]


def predict(tables, decision, inputs):
    """Ratings [rows] of a task's rows: field embeddings concatenated, then the decision layers."""
    parts = [F.embedding(ids, table) if bags is None else F.embedding_bag(ids, table, bags, mode="mean")
             for table, (ids, bags) in zip(tables, inputs)]
    w1, b1, w2, b2, w3, b3 = decision
    h = F.relu(torch.cat(parts, dim=1) @ w1 + b1)
    h = F.relu(h @ w2 + b2)
    return (h @ w3 + b3).squeeze(1)


def meta_loss(export, params, batch):
    """Mean over the batch's tasks of the query MSE after the local update (a Python loop, as MeLU's code)."""
    tables, decision = params[:len(export.fields)], params[len(export.fields):]
    inner_lr = export.layout["inner_lr"]
    second_order = export.layout["second_order"]
    losses = []
    for t in batch:
        support_inputs, support_labels = export.support[t]
        fast = decision
        for _ in range(export.layout["local_steps"]):
            support_loss = F.mse_loss(predict(tables, fast, support_inputs), support_labels)
            grads = torch.autograd.grad(support_loss, fast, create_graph=second_order)
            fast = [w - inner_lr * g for w, g in zip(fast, grads)]
        query_inputs, query_labels = export.query[t]
        losses.append(F.mse_loss(predict(tables, fast, query_inputs), query_labels))
    return torch.stack(losses).mean()


def train_epoch(export, warmup_steps):
    """Untimed warm-up meta-steps on a throwaway copy, then one timed epoch from the initial weights."""
    adam = export.layout["optimizer"]

    def run(batches, label):
        params = [w.requires_grad_() for w in export.weights("init/")]
        optimizer = torch.optim.Adam(params, lr=adam["lr"], betas=(adam["beta1"], adam["beta2"]), eps=adam["eps"])
        losses = []
        cpu_start = time.process_time()
        start = time.perf_counter()
        for step, batch in enumerate(batches, 1):
            loss = meta_loss(export, params, batch)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if step % 10 == 0 or step == len(batches):
                rate = step / (time.perf_counter() - start)
                print(f"  {label}: meta-step {step}/{len(batches)}, {rate:.2f}/s, loss {loss.item():.4f}, "
                      f"ETA {(len(batches) - step) / rate:.0f} s", file=sys.stderr)
        return time.perf_counter() - start, time.process_time() - cpu_start, losses, params

    run(export.batches[:warmup_steps], f"warm-up, {torch.get_num_threads()} threads")
    return run(export.batches, f"epoch, {torch.get_num_threads()} threads")


def relative_difference(ours, theirs, scale):
    return float(torch.linalg.norm(ours - theirs) / max(float(torch.linalg.norm(scale)), 1e-30))


def check_first_meta_step(export):
    """The first meta-step's loss and meta-gradient at the initial weights, against Thaw's."""
    params = [w.requires_grad_() for w in export.weights("init/")]
    loss = meta_loss(export, params, export.batches[0])
    grads = torch.autograd.grad(loss, params)
    thaw_grads = export.weights("grad/")
    thaw_loss = float(export.arrays["step_losses"][0])
    per_parameter = {name: relative_difference(g, tg, tg)
                     for name, g, tg in zip(export.parameter_names, grads, thaw_grads)}
    return {
        "loss_thaw": thaw_loss,
        "loss_pytorch": loss.item(),
        "loss_relative_difference": abs(loss.item() - thaw_loss) / abs(thaw_loss),
        "meta_gradient_norm_thaw": float(torch.sqrt(sum((g ** 2).sum() for g in thaw_grads))),
        "meta_gradient_norm_pytorch": float(torch.sqrt(sum((g ** 2).sum() for g in grads))),
        "meta_gradient_worst_relative_difference": max(per_parameter.values()),
        "meta_gradient_worst_parameter": max(per_parameter, key=per_parameter.get),
    }


def check_epoch(export, losses, params):
    """Every meta-step's loss and the weights after the epoch, against Thaw's epoch."""
    thaw_losses = export.arrays["step_losses"]
    step_differences = [abs(a - b) / abs(b) for a, b in zip(losses, thaw_losses)]
    initial, final = export.weights("init/"), export.weights("final/")
    weights = {name: relative_difference(p.detach(), f, f - i)
               for name, p, f, i in zip(export.parameter_names, params, final, initial)}
    return {
        "meta_steps_thaw": len(thaw_losses),
        "meta_steps_pytorch": len(losses),
        "epoch_mean_loss_thaw": float(np.mean(thaw_losses)),
        "epoch_mean_loss_pytorch": float(np.mean(losses)),
        "step_loss_worst_relative_difference": max(step_differences),
        "final_weights_worst_relative_difference": max(weights.values()),
        "final_weights_worst_parameter": max(weights, key=weights.get),
    }


def require(ok, what, check):
    if not ok:
        print(f"melu_epoch_pytorch: PyTorch and Thaw disagree on {what}: {json.dumps(check)}", file=sys.stderr)
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="file written by `thaw bench melu-epoch --export FILE`")
    parser.add_argument("--warmup", type=int, default=5, help="untimed meta-steps before each timed epoch")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="thread counts to time (default 1 2)")
    args = parser.parse_args()
    torch.set_num_interop_threads(1)
    try:
        export = Export(args.export)
    except (OSError, KeyError, ValueError, struct.error) as e:
        sys.exit(f"melu_epoch_pytorch: cannot read {args.export} as a `thaw bench melu-epoch --export` file: "
                 f"{type(e).__name__}: {e}")

    first = with_threads(1, lambda: check_first_meta_step(export))
    require(first["loss_relative_difference"] <= LOSS_RTOL
            and first["meta_gradient_worst_relative_difference"] <= GRADIENT_RTOL, "the first meta-step", first)
    runs = []
    epoch_check = None
    for threads in args.threads:
        seconds, cpu_seconds, losses, params = with_threads(threads, lambda: train_epoch(export, args.warmup))
        epoch_check = check_epoch(export, losses, params)
        require(epoch_check["meta_steps_pytorch"] == epoch_check["meta_steps_thaw"]
                and epoch_check["step_loss_worst_relative_difference"] <= EPOCH_LOSS_RTOL
                and epoch_check["final_weights_worst_relative_difference"] <= FINAL_WEIGHTS_RTOL,
                f"the epoch ({threads} threads)", epoch_check)
        runs.append({"threads": threads, "epoch_s": round(seconds, 3),
                     "meta_steps_per_s": round(len(export.batches) / seconds, 2), "epoch_cpu_s": round(cpu_seconds, 3)})
    result = {
        "implementation": "pytorch, per-task python loop, second order via autograd.grad(create_graph=True)",
        "tasks": len(export.order),
        "meta_steps": len(export.batches),
        "local_steps": export.layout["local_steps"],
        "second_order": export.layout["second_order"],
        "runs": runs,
        "check_first_meta_step": first,
        "check_epoch": epoch_check,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "torch": torch.__version__,
        "blas": blas_libraries(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
