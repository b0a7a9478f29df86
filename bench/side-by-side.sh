#!/usr/bin/env bash
# Runs Thaw's engine benchmark and the PyTorch script of the same workload in one run, on the
# same machine, and prints one JSON object {"machine":..., "thaw":..., "pytorch":...}.
# Needs Debian's python3-torch for the PyTorch half (bench/run-maml-pytorch.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${STEPS:-100}"
thaw_json=$("$root/thaw" bench engine --json --steps "$steps")
torch_json=$("$root/bench/run-maml-pytorch.sh" --steps "$steps")
/usr/bin/python3 - "$thaw_json" "$torch_json" <<'PY'
import json, os, platform, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = {
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                "load_average_at_end": os.getloadavg()},
    "thaw": json.loads(sys.argv[1]),
    "pytorch": json.loads(sys.argv[2]),
}
print(json.dumps(out, indent=2))
PY
