#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the machine-readable form of one scenario run.

    check_json.py PORTLAB SCENARIO EXPECTED

Runs `PORTLAB run NAME.portlab --json` in the scenario's folder and checks that
  * it exits with the code on EXPECTED's first line ("# exit: N"), like the transcript test;
  * every line of standard output is one JSON object with at least these keys:
        line int, statement str, ok bool, errno str|null, message str,
        local str|null, remote str|null, events list
    (more keys are allowed);
  * a run that gets as far as executing statements (exit 0 or 1) prints at least one object.
Exits 0 if all holds, 1 otherwise, listing every problem found.
"""
import json
import os
import re
import subprocess
import sys

NONE = type(None)
# key -> allowed types. bool is a subclass of int in Python, so "line" rejects it explicitly.
SCHEMA = {
    "line": (int,),
    "statement": (str,),
    "ok": (bool,),
    "errno": (str, NONE),
    "message": (str,),
    "local": (str, NONE),
    "remote": (str, NONE),
    "events": (list,),
}
JSON_NAMES = {int: "int", str: "str", bool: "bool", list: "list", NONE: "null"}
MAX_PROBLEMS = 20


def type_name(value):
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list",
            dict: "object", NONE: "null"}.get(type(value), type(value).__name__)


def check_object(obj):
    """Problems with one decoded line, as a list of strings."""
    if not isinstance(obj, dict):
        return [f"expected a JSON object, got {type_name(obj)}"]
    problems = []
    for key, allowed in SCHEMA.items():
        if key not in obj:
            problems.append(f"missing key {key!r}")
            continue
        value = obj[key]
        ok = isinstance(value, allowed) and not (key == "line" and isinstance(value, bool))
        if not ok:
            want = " or ".join(JSON_NAMES[t] for t in allowed)
            problems.append(f"key {key!r} should be {want}, got {type_name(value)} {value!r}")
    if isinstance(obj.get("line"), int) and not isinstance(obj["line"], bool) and obj["line"] < 1:
        problems.append(f"key 'line' should be a 1-based line number, got {obj['line']}")
    return problems


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    portlab, scenario, expected = argv[1:]
    scenario_dir, scenario_file = os.path.split(os.path.abspath(scenario))

    try:
        with open(expected, encoding="utf-8") as f:
            first = f.readline()
    except FileNotFoundError:
        print(f"MISSING EXPECTED FILE: {expected}\n"
              f"Create it with scripts/bless-scenario.sh {scenario} and read it before committing.")
        return 1
    m = re.fullmatch(r"# exit: ([0-9]+)\n", first)
    if not m:
        print(f"{expected}:1: the first line must be '# exit: N', got {first!r}")
        return 1
    expected_exit = int(m.group(1))

    command = [portlab, "run", scenario_file, "--json"]
    proc = subprocess.run(command, cwd=scenario_dir, capture_output=True)
    shown = f"portlab run {scenario_file} --json"

    problems = []
    if proc.returncode != expected_exit:
        problems.append(f"exit code: expected {expected_exit} (from {os.path.basename(expected)}), "
                        f"got {proc.returncode}")

    try:
        text = proc.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"standard output is not valid UTF-8: {e}")
        text = proc.stdout.decode("utf-8", errors="replace")

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    elif lines:
        problems.append("standard output does not end with a newline")

    objects = 0
    for number, line in enumerate(lines, start=1):
        if len(problems) >= MAX_PROBLEMS:
            problems.append("... (stopped after too many problems)")
            break
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"stdout line {number}: not JSON ({e.msg} at column {e.colno}): {line!r}")
            continue
        line_problems = check_object(obj)
        problems += [f"stdout line {number}: {p}" for p in line_problems]
        objects += 1

    if expected_exit in (0, 1) and objects == 0 and not lines:
        problems.append("no JSON objects printed, but the scenario is expected to run statements")

    if problems:
        print(f"{scenario_file}: {shown} FAILED")
        for p in problems:
            print(f"  {p}")
        if proc.stderr:
            print("--- standard error of portlab ---")
            print(proc.stderr.decode("utf-8", errors="replace"), end="")
        return 1
    print(f"{scenario_file}: {objects} JSON object(s), exit code {proc.returncode} as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
