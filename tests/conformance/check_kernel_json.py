#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kernel backend's machine-readable output has the model's shape.

    check_kernel_json.py PORTLAB SCENARIO

Runs `PORTLAB run NAME.portlab --backend kernel --json` and checks that every line is one JSON
object with the keys the model's lines have (line, statement, ok, errno, message, local,
remote, events), plus "backend": "kernel", one per statement the model prints, in the same
order; that every event says what kind it is and that it was observed. Then runs
`--compare --json` and checks each row (line, statement, model, kernel, verdict, why).
Exit 0 if all holds, 1 otherwise, 77 when the kernel backend cannot run here.
"""
import json
import os
import subprocess
import sys

SKIPPED = 77
NONE = type(None)
SCHEMA = {
    "line": (int,), "statement": (str,), "ok": (bool,), "errno": (str, NONE), "message": (str,),
    "local": (str, NONE), "remote": (str, NONE), "events": (list,), "backend": (str,),
}
ROW = {"line": (int,), "statement": (str,), "model": (str,), "kernel": (str,), "verdict": (str,), "why": (str,)}


def objects(text, problems, what):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{what} line {number}: not JSON ({error})")
            continue
        if not isinstance(value, dict):
            problems.append(f"{what} line {number}: not an object")
            continue
        found.append(value)
    return found


def check_keys(value, schema, where, problems):
    for key, types in schema.items():
        if key not in value:
            problems.append(f"{where}: no '{key}'")
        elif not isinstance(value[key], types) or (key == "line" and isinstance(value[key], bool)):
            problems.append(f"{where}: '{key}' is {type(value[key]).__name__}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    portlab, scenario = sys.argv[1], sys.argv[2]
    folder, name = os.path.split(os.path.abspath(scenario))
    problems = []

    model = subprocess.run([portlab, "run", name, "--json"], cwd=folder, capture_output=True, text=True, timeout=60)
    kernel = subprocess.run([portlab, "run", name, "--backend", "kernel", "--json"], cwd=folder,
                            capture_output=True, text=True, timeout=900)
    if kernel.returncode == SKIPPED:
        print("skipped: needs root and network namespaces")
        return SKIPPED
    if kernel.returncode not in (0, 1):
        problems.append(f"--backend kernel --json exited with {kernel.returncode}: {kernel.stderr.strip()}")
    model_lines = objects(model.stdout, problems, "model")
    kernel_lines = objects(kernel.stdout, problems, "kernel")
    for number, value in enumerate(kernel_lines, 1):
        where = f"kernel line {number}"
        check_keys(value, SCHEMA, where, problems)
        if value.get("backend") != "kernel":
            problems.append(f"{where}: backend is {value.get('backend')!r}")
        for event in value.get("events", []):
            if event.get("kind") not in ("delivered", "sent") or "observed" not in event or "summary" not in event:
                problems.append(f"{where}: an event without kind, summary or 'observed': {event}")
    if [(m["line"], m["statement"]) for m in model_lines] != [(k.get("line"), k.get("statement")) for k in kernel_lines]:
        problems.append("the kernel's lines are not the model's statements in the same order")

    compare = subprocess.run([portlab, "run", name, "--compare", "--json"], cwd=folder, capture_output=True, text=True, timeout=900)
    rows = objects(compare.stdout, problems, "compare")
    for number, row in enumerate(rows, 1):
        check_keys(row, ROW, f"compare row {number}", problems)
        if row.get("verdict") not in ("agree", "differ", "n/a"):
            problems.append(f"compare row {number}: verdict {row.get('verdict')!r}")
    if len(rows) != len(model_lines):
        problems.append(f"--compare printed {len(rows)} rows for {len(model_lines)} statements")

    for problem in problems[:20]:
        print(f"FAIL: {problem}")
    if not problems:
        print(f"{len(kernel_lines)} kernel lines and {len(rows)} comparison rows have the documented shape")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
