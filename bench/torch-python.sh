# Sourced by the bench scripts: sets $python to Debian's python3 with PyTorch, installing Debian's
# PyTorch 1.13, OpenBLAS and threadpoolctl first if torch is missing (needs root and Debian's package
# archive), and clears machine-wide OpenBLAS overrides so OpenBLAS detects the CPU. CI never runs this.
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch python3-threadpoolctl libopenblas0-pthread >&2
fi
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
