#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kernel backend leaves nothing behind, however a run ends.

    check_cleanup.py PORTLAB WORKDIR sigint|sigterm|sigkill|finished|unprivileged

  finished      a run that ends normally removes its namespaces and helper processes
  sigint        Ctrl-C during a `wait`: exit 130, namespaces and helpers gone
  sigterm       the same with SIGTERM: exit 143
  sigkill       the controller killed outright: its helpers die with it (PR_SET_PDEATHSIG),
                and the next kernel run removes the namespaces it could not
  unprivileged  as an ordinary user: a scenario of several users exits 77 saying root is
                needed; one of a single user runs in a user namespace (or exits 77 saying why)
Exit 0 when all holds, 1 otherwise, 77 when the test needs root and does not have it.
"""
import os
import pwd
import signal
import subprocess
import sys
import time

SKIPPED = 77

SCENARIO = """\
host a 10.9.0.1
host b 10.9.0.2 2001:db8:9::2
process p on a user alice
process q on b user root
p: s = socket tcp
p: bind s 10.9.0.1:8080
p: listen s
q: c = socket tcp
q: connect c 10.9.0.1:8080
wait 60s
"""

SHORT = """\
host a 10.9.0.1
process p on a user alice
p: s = socket udp
p: bind s 10.9.0.1:0
"""


def namespaces_of(pid):
    try:
        return sorted(n for n in os.listdir("/run/netns") if n.startswith(f"portlab-{pid}-"))
    except OSError:
        return []


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def write(workdir, name, text):
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def start_and_wait_for_wait(portlab, scenario):
    """Starts a kernel run and returns once it sits in its `wait` statement."""
    process = subprocess.Popen([portlab, "run", scenario, "--backend", "kernel"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "q: connect c" in line:
            break
    # The connect's result line follows; then the run sleeps.
    seen.append(process.stdout.readline())
    time.sleep(0.5)
    return process, "".join(seen)


def check_signal(portlab, workdir, sig):
    scenario = write(workdir, "cleanup_wait.portlab", SCENARIO)
    process, seen = start_and_wait_for_wait(portlab, scenario)
    problems = []
    namespaces = namespaces_of(process.pid)
    helpers = children_of(process.pid)
    if len(namespaces) != 3:
        problems.append(f"expected 3 namespaces (bridge and two hosts) during the run, found {namespaces}")
    if len(helpers) != 2:
        problems.append(f"expected 2 helper processes during the run, found {helpers}")
    os.kill(process.pid, sig)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        problems.append("the run did not stop within 30 s of the signal")
    if sig == signal.SIGKILL:
        time.sleep(1)
        still = [h for h in helpers if alive(h)]
        if still:
            problems.append(f"helpers outlived the killed controller: {still}")
        left = namespaces_of(process.pid)
        if not left:
            problems.append("expected the killed run's namespaces to remain until the next run")
        short = write(workdir, "cleanup_short.portlab", SHORT)
        subprocess.run([portlab, "run", short, "--backend", "kernel"], capture_output=True, timeout=60)
        if namespaces_of(process.pid):
            problems.append(f"the next run did not remove the stale namespaces {namespaces_of(process.pid)}")
    else:
        if process.returncode != 128 + sig:
            problems.append(f"exit code {process.returncode}, expected {128 + sig}")
        if "interrupted" not in err:
            problems.append(f"no word of the interruption on standard error: {err!r}")
        if namespaces_of(process.pid):
            problems.append(f"namespaces left behind: {namespaces_of(process.pid)}")
        still = [h for h in helpers if alive(h)]
        if still:
            problems.append(f"helper processes left behind: {still}")
    return problems, seen


def check_finished(portlab, workdir):
    scenario = write(workdir, "cleanup_short.portlab", SHORT)
    process = subprocess.Popen([portlab, "run", scenario, "--backend", "kernel"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=60)
    problems = []
    if process.returncode != 0:
        problems.append(f"exit code {process.returncode}: {err}")
    if namespaces_of(process.pid):
        problems.append(f"namespaces left behind: {namespaces_of(process.pid)}")
    return problems, out


def check_unprivileged(portlab, workdir):
    """As nobody: a scenario of several users cannot run (exit 77, saying root is needed); a
    scenario of one user runs in a user namespace of its own, where the system allows those."""
    several = write(workdir, "cleanup_wait.portlab", SCENARIO)
    one = write(workdir, "cleanup_short.portlab", SHORT)
    os.chmod(workdir, 0o755)
    for path in (several, one):
        os.chmod(path, 0o644)
    nobody = pwd.getpwnam("nobody")

    def become_nobody():
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)

    def run(*arguments):
        return subprocess.run([portlab, "run", *arguments], capture_output=True, text=True,
                              preexec_fn=become_nobody, timeout=60)

    problems = []
    refused = run(several, "--backend", "kernel")
    if refused.returncode != SKIPPED:
        problems.append(f"several users: exit code {refused.returncode}, expected {SKIPPED}")
    if "needs root" not in refused.stderr:
        problems.append(f"several users: standard error does not say that root is needed: {refused.stderr!r}")
    if run(several, "--compare").returncode != SKIPPED:
        problems.append(f"several users, --compare: expected exit code {SKIPPED}")
    alone = run(one, "--backend", "kernel")
    if alone.returncode == SKIPPED:
        if "user namespace" not in alone.stderr:
            problems.append(f"one user, no user namespaces: the message does not say why: {alone.stderr!r}")
    elif alone.returncode != 0 or "in a user namespace" not in alone.stdout:
        problems.append(f"one user: exit code {alone.returncode}, expected 0 and a run in a user namespace: {alone.stdout!r} {alone.stderr!r}")
    compared = run(one, "--compare")
    if compared.returncode not in (0, SKIPPED):
        problems.append(f"one user, --compare: exit code {compared.returncode}: {compared.stdout}")
    return problems, refused.stderr + alone.stdout + alone.stderr + compared.stdout


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    portlab, workdir, mode = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    if mode == "unprivileged":
        problems, seen = check_unprivileged(portlab, workdir)
    elif os.geteuid() != 0:
        print("skipped: needs root and network namespaces")
        return SKIPPED
    elif mode == "finished":
        problems, seen = check_finished(portlab, workdir)
    else:
        sig = {"sigint": signal.SIGINT, "sigterm": signal.SIGTERM, "sigkill": signal.SIGKILL}[mode]
        problems, seen = check_signal(portlab, workdir, sig)
    sys.stdout.write(seen)
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
