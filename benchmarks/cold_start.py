"""The `cold_start` metric alone: `python benchmarks/cold_start.py [--launches 5] [--home DIR]`.

Each launch is run.py's own `cold_start` (first_paint.py in run.py's child environment: offscreen,
the app's settings and user data in a scratch folder). Without `--home` every launch gets a fresh,
empty folder; with it, the launches share that folder, e.g. one with a remembered shortlist store
and profile (a returning user). Prints each launch and the medians, in seconds from process start:
the first frame, the first window filled with the catalog (the first screen's table, from its
snapshot, when one is for this start), and the real window's table filled (usable).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import child_environment, cold_start, load_average  # after the path above


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Insole Catalog cold start, on its own")
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--home", type=Path, help="one scratch folder for every launch (default: a new one each)")
    args = parser.parse_args(argv)
    print(f"load average before: {load_average()}")
    filled, first, usable = [], [], []
    for launch in range(args.launches):
        with tempfile.TemporaryDirectory() as scratch:
            start = cold_start(child_environment(args.home or Path(scratch)))
        filled.append(start["filled_s"])
        first.append(start["first_frame_s"])
        usable.append(start["usable_s"])
        print(
            f"launch {launch + 1}: first frame {first[-1]:.3f} s, filled {filled[-1]:.3f} s "
            f"(imported by then: {start['imported_before_filled']}), real window usable {usable[-1]:.3f} s"
        )
    print(
        f"median: first frame {statistics.median(first):.3f} s, filled {statistics.median(filled):.3f} s, "
        f"real window usable {statistics.median(usable):.3f} s"
    )
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
