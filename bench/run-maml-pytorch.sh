#!/usr/bin/env bash
# Runs the PyTorch MAML benchmark with Debian's python, installing Debian's PyTorch 1.13, OpenBLAS and
# threadpoolctl first if torch is missing (needs root and Debian's package archive). CI never runs this.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch python3-threadpoolctl libopenblas0-pthread
fi
# Machine-wide OpenBLAS overrides would pin the kernel and cache size: let OpenBLAS detect the CPU.
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$here/maml_pytorch.py" "$@"
