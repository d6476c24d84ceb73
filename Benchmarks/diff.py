#!/usr/bin/env python3
"""How fast `archlint diff` reviews a change to the shipped specs.

    Benchmarks/diff.py [--runs N] [--no-build] [--rev REV]

The base is the previous version of `specs/`: the parent of the last commit that touched
it (or --rev). Three figures, medians of N runs of the release build:

1. `archlint diff OLD NEW` on two folders — the base's specs written out beforehand with
   `git archive` — which is archlint's own time: two whole checks in parallel, the model
   comparison, the finding comparison and the text report (issue #16's target: < 100 ms).
2. `archlint diff --base REV specs`: the same plus what git needs to hand over the files.
3. `archlint check specs` for scale (one side alone).

Wall and CPU time (user + system) from wait4(2), start-up and exit included.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the main benchmark's helpers: build, measure)

ROOT = bench.ROOT
ARCHLINT = bench.ARCHLINT


def git(*arguments):
    return subprocess.run(["git", "-C", ROOT, *arguments], check=True, capture_output=True).stdout


def previous_version_of_specs():
    last = git("log", "-1", "--format=%H", "--", "specs").decode().strip()
    return git("rev-parse", last + "^").decode().strip()


def medians(command, runs):
    results = [bench.measure(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results), results[0][3]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--rev", help="the base revision (default: the previous version of specs/)")
    options = parser.parse_args()
    if not options.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "archlint"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    revision = options.rev or previous_version_of_specs()
    changed = git("diff", "--stat", revision, "--", "specs").decode().strip().splitlines()
    print(f"base {revision[:12]}; specs/ changed since: {changed[-1].strip() if changed else 'nothing'}")

    with tempfile.TemporaryDirectory() as scratch:
        archive = git("archive", "--format=tar", revision, "specs")
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(scratch, filter="data")
        old = os.path.join(scratch, "specs")
        rows = [
            ("diff OLD NEW (archlint alone)", [ARCHLINT, "diff", old, "specs", "--no-config", "--fail-on", "none"]),
            ("diff --base REV specs (with git)", [ARCHLINT, "diff", "--base", revision, "specs", "--no-config", "--fail-on", "none"]),
            ("check specs (one side)", [ARCHLINT, "check", "specs", "--no-config", "--fail-on", "none"]),
        ]
        print(f"release build, medians of {options.runs} runs")
        print(f"{'command':36} {'wall':>9} {'CPU':>9}")
        for name, command in rows:
            wall, cpu, status = medians(command, options.runs)
            if status != 0:
                sys.exit(f"{name}: exit status {status}")
            print(f"{name:36} {wall * 1000:7.1f}ms {cpu * 1000:7.1f}ms")


if __name__ == "__main__":
    main()
