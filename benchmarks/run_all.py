"""Run every benchmark script of this folder, one after the other (`make bench`).

Each script is run as its own process with the same Python, so a benchmark never sees the
state another left behind; the run stops at the first script that fails.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    # Modules starting with "_" are shared helpers, not benchmarks.
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != "run_all.py" and not p.name.startswith("_"))
    for script in scripts:
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)])
        if result.returncode:
            print(f"{script.name} è terminato con codice {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
