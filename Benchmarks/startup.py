#!/usr/bin/env python3
"""Start-up of archlint: wall and CPU time, and instructions, of short runs.

    Benchmarks/startup.py [--runs N] [--instructions] [BINARY ...]

Each BINARY (default: .build/release/archlint; build it first with
`swift build -c release --product archlint`) runs, interleaved so that changes of load hit
all alike:
  - `check --no-config --format json specs`  (the five shipped stacks),
  - `check --no-config DIR`                   (a folder holding one spec with no resources),
  - `--version`                                (arguments parsed, nothing else),
beside a Swift hello-world built with `swiftc -O` (the floor of any Swift process here).
Prints the median and minimum wall time and the median CPU time (user + system, every
thread, from wait4) of each. With --instructions, also the instructions each executes under
`valgrind --tool=callgrind` (whole process, every thread): the steady measure on a shared
machine, where wall times vary by a factor of two.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--instructions", action="store_true")
parser.add_argument("binaries", nargs="*", default=[os.path.join(root, ".build/release/archlint")])
arguments = parser.parse_args()

scratch = tempfile.mkdtemp(prefix="archlint-startup-")
tiny = os.path.join(scratch, "tiny")
os.mkdir(tiny)
with open(os.path.join(tiny, "tiny.yaml"), "w") as spec:
    spec.write("archlint: 1\nstack: tiny\nenvironment: development\n")
hello = os.path.join(scratch, "hello")
with open(hello + ".swift", "w") as source:
    source.write('print("hello")\n')
subprocess.run(["swiftc", "-O", hello + ".swift", "-o", hello], check=True)

commands = [("hello-world", [hello])]
for binary in arguments.binaries:
    name = os.path.basename(os.path.dirname(binary)) + "/" + os.path.basename(binary) if len(arguments.binaries) > 1 else "archlint"
    commands += [
        (f"{name} check specs json", [binary, "check", "--no-config", "--format", "json", "specs"]),
        (f"{name} check tiny", [binary, "check", "--no-config", tiny]),
        (f"{name} --version", [binary, "--version"]),
    ]

wall = {label: [] for label, _ in commands}
cpu = {label: [] for label, _ in commands}
for _ in range(arguments.runs):
    for label, command in commands:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        wall[label].append((time.perf_counter() - start) * 1000)
        cpu[label].append((usage.ru_utime + usage.ru_stime) * 1000)

print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {arguments.runs} runs each")
width = max(len(label) for label, _ in commands)
for label, command in commands:
    line = (f"{label:{width}}  wall median {statistics.median(wall[label]):6.1f} ms, min {min(wall[label]):6.1f} ms;"
            f"  CPU median {statistics.median(cpu[label]):6.1f} ms")
    if arguments.instructions:
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command,
                                cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        collected = re.search(r"Collected : (\d+)", result.stderr)
        line += f";  {int(collected.group(1)) / 1e6:6.1f} M instructions" if collected else ";  (callgrind failed)"
    print(line)
