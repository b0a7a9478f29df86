#!/usr/bin/env bash
# One MeLU meta-training epoch (ML-1M, MeLU protocol, warm state), Thaw and PyTorch in the same run:
# exports the epoch from Thaw (`thaw bench melu-epoch --export`), times Thaw's epoch in a JVM capped
# at 1 GiB of heap (-Xmx1g) and the PyTorch loop on the same exported tasks (bench/melu_epoch_pytorch.py,
# which first checks both compute the same losses, meta-gradient and weights), each under
# /usr/bin/time -v for its peak RSS, REPEATS times (default 1) alternating, and prints one JSON object
# with both results, the PyTorch/Thaw ratios of epoch wall time and process CPU time (median over the
# repeats; "per_task": Thaw's per-task graphs, "best": its faster of per-task and task-batched) and the
# load average. THREADS (default "1 2") picks PyTorch's thread counts.
# Installs Debian's python3-torch if missing (bench/torch-python.sh); CI never runs this.
# Usage: bench/melu-epoch-side-by-side.sh [--data DIR] [--warmup-epochs N]   (DIR holds ml-1m/ and melu-ml-1m/;
# default $THAW_DATA; N untimed epochs before each timed Thaw epoch, default 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/torch-python.sh
. "$root/bench/torch-python.sh"
repeats="${REPEATS:-1}"
threads="${THREADS:-1 2}"   # PyTorch thread counts (Thaw always runs 1 and 2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export THAW_JAVA_OPTS="-Xmx1g ${THAW_JAVA_OPTS:-}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$root/thaw" bench melu-epoch "$@" --json --export "$work/epoch.safetensors" > "$work/export.json"
for i in $(seq 1 "$repeats"); do
    /usr/bin/time -v -o "$work/thaw-$i.time" "$root/thaw" bench melu-epoch "$@" --json > "$work/thaw-$i.json"
    /usr/bin/time -v -o "$work/pytorch-$i.time" "$python" "$root/bench/melu_epoch_pytorch.py" \
        "$work/epoch.safetensors" --threads $threads > "$work/pytorch-$i.json"
done
"$python" - "$work" "$repeats" "$load_before" <<'PY'
import json, os, platform, statistics, sys
work, repeats, load_before = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def load(name):
    with open(os.path.join(work, name)) as f:
        return json.load(f)

def max_rss_mib(name):
    with open(os.path.join(work, name)) as f:
        kib = next(int(l.split(":")[1]) for l in f if "Maximum resident set size" in l)
    return round(kib / 1024, 1)

def epoch(result, threads, key, chunk=None):
    return min(r[key] for r in result["runs"]
               if r["threads"] == threads and (chunk is None or r.get("task_chunk") == chunk))

pairs = []
for i in range(1, repeats + 1):
    thaw, torch = load(f"thaw-{i}.json"), load(f"pytorch-{i}.json")
    thaw["max_rss_mib"] = max_rss_mib(f"thaw-{i}.time")
    torch["max_rss_mib"] = max_rss_mib(f"pytorch-{i}.time")
    ratios = {}
    for threads in sorted({r["threads"] for r in torch["runs"]}):
        for key, name in (("epoch_s", "wall"), ("epoch_cpu_s", "cpu")):
            ratios[f"{name}_per_task_{threads}t"] = round(epoch(torch, threads, key) / epoch(thaw, threads, key, 1), 2)
            ratios[f"{name}_best_{threads}t"] = round(epoch(torch, threads, key) / epoch(thaw, threads, key), 2)
    pairs.append({"thaw": thaw, "pytorch": torch, "pytorch_over_thaw_epoch_time": ratios})

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = {
    "benchmark": "melu epoch, thaw vs pytorch",
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                "load_average_at_start": load_before, "load_average_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg())},
    "thaw_jvm_options": os.environ["THAW_JAVA_OPTS"].strip(),
    "export": load("export.json"),
    "repeats": repeats,
    "median_pytorch_over_thaw_epoch_time": {k: statistics.median(p["pytorch_over_thaw_epoch_time"][k] for p in pairs)
                                            for k in pairs[0]["pytorch_over_thaw_epoch_time"]},
    "thaw_max_rss_mib": max(p["thaw"]["max_rss_mib"] for p in pairs),
    "runs": pairs,
}
print(json.dumps(out, indent=2))
PY
