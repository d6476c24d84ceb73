#!/usr/bin/env python3
"""Path-finding benchmark: is the reachability pack linear, and what does it cost?

    Benchmarks/paths.py [--runs N] [--sizes 4000,8000] [--no-build]

1. Linearity (issue #15). For each size N, one stack-environment where N services wear one
   security group whose rule admits the group itself (`from: self`), plus a public service
   that wears it too and a database that admits the group. Every service can reach every
   other: a path engine that lists pairs does N² work; archlint's must not. The set also
   makes REACH001 fire once (internet → front → database), so the search runs to the end.
   Prints the median wall and CPU time of `archlint check` per size, and the ratio between
   consecutive sizes (about 2 for a doubling when the work is linear).
2. Cost on Benchmarks' 100k set: `check` with every built-in pack against the same with the
   four REACH rules switched off by a configuration (target: at most 10% more).

Medians of wall time and CPU time (user + system) from wait4(2); release build. Figures on
a shared machine move by ±20% between runs: compare the columns of one run.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the main benchmark's helpers: build, measure, spec sets)

ROOT = bench.ROOT
ARCHLINT = bench.ARCHLINT


def mesh_spec(services):
    """One stack-environment: `services` services in one self-admitting group."""
    lines = [
        "archlint: 1",
        "stack: mesh",
        "environment: development",
        "region: eu-central-1",
        "networks:",
        "  - name: main",
        "    cidr: 10.0.0.0/16",
        "    subnets:",
        "      - {name: pub-a, cidr: 10.0.0.0/24, zone: eu-central-1a, tier: public}",
        "      - {name: app-a, cidr: 10.0.16.0/20, zone: eu-central-1a, tier: private}",
        "      - {name: data-a, cidr: 10.0.1.0/24, zone: eu-central-1a, tier: database}",
        "security_groups:",
        "  - name: edge",
        "    network: main",
        "    ingress:",
        "      - {ports: 443, from: 0.0.0.0/0}",
        "  - name: mesh",
        "    network: main",
        "    ingress:",
        "      - {ports: 8080, from: self}",
        "  - name: db",
        "    network: main",
        "    ingress:",
        "      - {ports: 5432, from: sg:mesh}",
        "clusters:",
        "  - {name: apps, platform: fargate}",
        "services:",
        "  - {name: front, cluster: apps, port: 443, public_ip: true, subnets: [pub-a], security_groups: [edge, mesh]}",
    ]
    for number in range(services):
        lines.append(f"  - {{name: svc-{number:05d}, cluster: apps, port: 8080, subnets: [app-a], security_groups: [mesh]}}")
    lines += [
        "databases:",
        "  - {name: main, engine: postgres, subnets: [data-a], security_groups: [db]}",
        "",
    ]
    return "\n".join(lines)


def mesh_set(services):
    folder = os.path.join(bench.BENCH, f"paths-{services}")
    path = os.path.join(folder, "mesh", "development.yaml")
    text = mesh_spec(services)
    if not (os.path.exists(path) and open(path).read() == text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)
    return folder


def timed(command, runs):
    results = [bench.measure(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results), {r[3] for r in results}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="4000,8000")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--skip-100k", action="store_true")
    arguments = parser.parse_args()
    if not arguments.no_build:
        bench.build()

    print(f"linearity: one self-admitting group worn by N services; {arguments.runs} runs each, medians")
    print()
    print("| services | wall | CPU | × previous (wall) | exit |")
    print("|---|---|---|---|---|")
    previous = None
    for size in [int(s) for s in arguments.sizes.split(",")]:
        folder = mesh_set(size)
        # The file is larger than the default node limit at 8,000 services.
        command = [ARCHLINT, "check", folder, "--no-config", "--format", "json", "--max-nodes", "1000000"]
        wall, cpu, status = timed(command, arguments.runs)
        ratio = f"{wall / previous:.2f}" if previous else ""
        print(f"| {size:,} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {ratio} | {sorted(status)} |")
        previous = wall

    if arguments.skip_100k:
        return
    folder = bench.spec_set(100_000, 1000)
    with tempfile.TemporaryDirectory() as scratch:
        config = os.path.join(scratch, "no-reach.yml")
        with open(config, "w") as handle:
            handle.write("rules:\n" + "".join(f"  REACH00{n}: {{severity: off}}\n" for n in range(1, 5)))
        with_reach = [ARCHLINT, "check", folder, "--no-config", "--format", "json"]
        without_reach = [ARCHLINT, "check", folder, "--config", config, "--format", "json"]
        walls = {"with": [], "without": []}
        cpus = {"with": [], "without": []}
        for _ in range(arguments.runs):  # alternated, so both see the same machine
            for name, command in (("with", with_reach), ("without", without_reach)):
                wall, cpu, _, _ = bench.measure(command)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print()
    print("100k resources / 1,000 files, with and without the reachability pack (alternated runs, medians):")
    for name in ("without", "with"):
        print(f"- {name}: {statistics.median(walls[name]):.2f} s wall, {statistics.median(cpus[name]):.2f} s CPU")
    extra = statistics.median(cpus["with"]) / statistics.median(cpus["without"]) - 1
    print(f"- the pack costs {extra * 100:+.1f}% CPU (target ≤ +10%)")


if __name__ == "__main__":
    main()
