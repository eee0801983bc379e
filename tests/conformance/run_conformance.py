#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run one golden scenario on the model and on this computer's kernel, and compare.

    run_conformance.py PORTLAB SCENARIO

Runs `PORTLAB run NAME.portlab --compare` in the scenario's folder and prints its table.
Exit code:
  0   the model and the kernel agree on every statement
  1   they differ somewhere (the table says where), or the run left a namespace behind
  77  the kernel backend cannot run here (not root, or no network namespaces): ctest
      reports the test as "Not Run", never as passed
  any other code of portlab (3: the kernel run stopped) is passed on.
"""
import os
import subprocess
import sys

SKIPPED = 77


def lab_namespaces_of(pid):
    try:
        names = os.listdir("/run/netns")
    except OSError:
        return []
    return sorted(n for n in names if n.startswith(f"portlab-{pid}-"))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    portlab, scenario = sys.argv[1], sys.argv[2]
    folder, name = os.path.split(os.path.abspath(scenario))
    process = subprocess.Popen([portlab, "run", name, "--compare"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    sys.stdout.write(out)
    sys.stderr.write(err)
    if process.returncode == SKIPPED:
        print("skipped: needs root and network namespaces")
        return SKIPPED
    leftovers = lab_namespaces_of(process.pid)
    if leftovers:
        print(f"FAIL: the run left network namespaces behind: {' '.join(leftovers)}")
        return 1
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
