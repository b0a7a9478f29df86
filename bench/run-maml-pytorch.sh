#!/usr/bin/env bash
# Runs the PyTorch MAML benchmark with Debian's python, installing Debian's PyTorch 1.13, OpenBLAS and
# threadpoolctl first if torch is missing (needs root and Debian's package archive). CI never runs this.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/torch-python.sh
. "$here/torch-python.sh"
exec "$python" "$here/maml_pytorch.py" "$@"
