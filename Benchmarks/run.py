#!/usr/bin/env python3
"""archlint's benchmark: how fast `archlint check` is, against the floor of a raw libyaml scan.

    Benchmarks/run.py [--runs N] [--sizes 1000x1,10000x100,...] [--no-build]

Builds the release binaries, writes synthetic spec sets with Benchmarks/generate.py
(deterministic, cached in .build/bench/), then for each size runs `archlint check
--format json` and `archlint-rawscan` N times each and prints the medians: wall time,
CPU time (user + system, all threads), peak RSS, findings, and archlint ÷ raw scan.
Figures come from wait4(2)'s rusage, so they include process start-up and exit.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "bench")
ARCHLINT = os.path.join(ROOT, ".build", "release", "archlint")
RAWSCAN = os.path.join(ROOT, ".build", "release", "archlint-rawscan")
DEFAULT_SIZES = "1000x1,1000x10,10000x1,10000x100,10000x1000,100000x1000"
ENV = dict(os.environ, ARCHLINT_TODAY="2026-11-23", NO_COLOR="1")


def build():
    for product in ("archlint", "archlint-rawscan"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)


def spec_set(resources, files, seed=1):
    """The folder of a generated set, generated once per generator version and size."""
    folder = os.path.join(BENCH, f"{resources}-{files}-{seed}")
    generator = os.path.join(ROOT, "Benchmarks", "generate.py")
    stamp = os.path.join(folder, ".stamp")
    key = f"{os.path.getmtime(generator)}"
    if not (os.path.exists(stamp) and open(stamp).read() == key):
        subprocess.run([sys.executable, generator, "--resources", str(resources), "--files", str(files),
                        "--seed", str(seed), folder], check=True, stdout=subprocess.DEVNULL)
        with open(stamp, "w") as handle:
            handle.write(key)
    return folder


def measure(command, stdout=subprocess.DEVNULL):
    """Wall seconds, CPU seconds, peak RSS in MiB and exit status of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def median_of(command, runs):
    results = [measure(command) for _ in range(runs)]
    status = {r[3] for r in results}
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results), status)


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, names in os.walk(folder) for f in names
               if f.endswith(".yaml"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="RESOURCESxFILES,...")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()

    print(f"machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB; {args.runs} runs each, medians")
    wall, cpu, rss, status = median_of([ARCHLINT, "check", "--no-config", "specs/"], args.runs)
    print(f"shipped specs: archlint check specs/ — {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU, "
          f"{rss:.0f} MiB peak RSS, exit {sorted(status)}")
    shipped_json, _, _, _ = median_of([ARCHLINT, "check", "--format", "json", "--no-config", "specs"], max(args.runs, 20))
    print(f"shipped specs: archlint check --format json --no-config specs — {shipped_json * 1000:.1f} ms wall "
          f"(median of {max(args.runs, 20)})\n")

    header = ("| resources | files | MiB | archlint wall | archlint CPU | archlint RSS | findings "
              "| raw scan wall | raw scan RSS | wall ÷ raw | CPU ÷ raw |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    rows = []
    for size in args.sizes.split(","):
        resources, files = (int(part) for part in size.split("x"))
        folder = spec_set(resources, files)
        out = os.path.join(BENCH, "last.json")
        with open(out, "w") as handle:
            _, _, _, code = measure([ARCHLINT, "check", "--format", "json", "--no-config", folder], stdout=handle)
        report = json.load(open(out))
        a_wall, a_cpu, a_rss, a_status = median_of([ARCHLINT, "check", "--format", "json", "--no-config", folder], args.runs)
        r_wall, r_cpu, r_rss, _ = median_of([RAWSCAN, folder], args.runs)
        if a_status - {0, 1}:
            print(f"warning: archlint exited {sorted(a_status)} on {folder}", file=sys.stderr)
        rows.append((resources, files, a_wall, a_rss, r_wall, folder))
        print(f"| {report['summary'].get('resources', resources):,} | {files:,} | {folder_bytes(folder) / 2**20:.1f} "
              f"| {a_wall * 1000:,.0f} ms | {a_cpu * 1000:,.0f} ms | {a_rss:.0f} MiB | {len(report['findings']):,} "
              f"| {r_wall * 1000:,.0f} ms | {r_rss:.0f} MiB | {a_wall / r_wall:.2f} | {a_cpu / r_cpu:.2f} |")

    # Scaling: time against resources at a fixed number of resources per file.
    series = sorted((r, t) for r, f, t, *_ in rows if r // f == 100 or (r, f) == (1000, 10))
    if len(series) >= 2 and series[-1][0] > series[0][0]:
        (r0, t0), (r1, t1) = series[0], series[-1]
        print(f"\nscaling exponent (wall time vs resources, {r0:,} → {r1:,}, 100 per file): "
              f"{math.log(t1 / t0) / math.log(r1 / r0):.2f}")


    # The targets of issue #14 ("one model"), where the sizes they name were measured.
    print("\ntargets:")
    print(f"- shipped specs, check --format json: {shipped_json * 1000:.1f} ms wall (target ≤ 20 ms): "
          f"{'met' if shipped_json <= 0.020 else 'missed'}")
    by_size = {(r, f): rest for r, f, *rest in rows}
    if (100000, 1000) in by_size:
        a_wall, a_rss, r_wall, folder = by_size[(100000, 1000)]
        print(f"- 100k resources, all cores: {a_wall / r_wall:.2f}× the raw scan (target ≤ 2.0×): "
              f"{'met' if a_wall / r_wall <= 2.0 else 'missed'}")
        one_core, _, _, _ = median_of(["taskset", "-c", "0", ARCHLINT, "check", "--format", "json", "--no-config", folder], args.runs)
        print(f"- 100k resources, one core (taskset -c 0): {one_core / r_wall:.2f}× the raw scan (target ≤ 3.0×): "
              f"{'met' if one_core / r_wall <= 3.0 else 'missed'}")
        print(f"- 100k resources, peak RSS: {a_rss:.0f} MiB (target ≤ 150 MiB): {'met' if a_rss <= 150 else 'missed'}")
        if (10000, 100) in by_size:
            growth = a_wall / by_size[(10000, 100)][0]
            print(f"- 10k → 100k (100 per file): time × {growth:.1f} (target ≤ 10.5): {'met' if growth <= 10.5 else 'missed'}")


if __name__ == "__main__":
    main()
