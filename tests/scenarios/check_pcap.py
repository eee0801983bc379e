#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a scenario's frames with `portlab run --pcap` and let tshark judge them.

usage: check_pcap.py PORTLAB SCENARIO WORK_DIR

Fails unless tshark reads the capture with no malformed packet, no expert error and every
checksum it verifies good, and unless each frame tshark decodes has the addresses, ports, TCP
flags and ICMP type/code of the envelope the model says it sent, at the model's virtual time.
Exits 77 (reported by ctest as skipped, never as passed) when tshark is not installed.
"""
import json
import os
import shutil
import subprocess
import sys

SKIPPED = 77
TCP_FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10}
FIELDS = ["frame.number", "frame.time_epoch", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags",
          "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "_ws.malformed",
          "_ws.expert.severity", "_ws.expert.message", "ip.checksum.status", "tcp.checksum.status",
          "udp.checksum.status", "icmp.checksum.status", "icmpv6.checksum.status"]
EXPERT_ERROR = "8388608"
# The layers PortLab writes. A scenario's payload is whatever text it sends, so an application
# dissector (DNS on port 53, say) may find it malformed: that says nothing about the headers.
OWN_PROTOCOLS = {"Ethernet", "ETH", "ARP", "IPv4", "IP", "IPv6", "TCP", "UDP", "ICMP", "ICMPv6"}


def split_endpoint(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def first(value):
    return value.split("|")[0] if value else ""


def values(value):
    return value.split("|") if value else []


def blamed_protocol(malformed):
    # tshark writes "[Malformed Packet: mDNS]", naming the dissector that gave up.
    text = first(malformed)
    return text.split(":", 1)[1].split("]")[0].strip() if ":" in text else "an unnamed"


def main():
    portlab, scenario, work_dir = sys.argv[1:4]
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIPPED: tshark is not installed (Debian package tshark); the capture cannot be checked")
        return SKIPPED
    os.makedirs(work_dir, exist_ok=True)
    name = os.path.splitext(os.path.basename(scenario))[0]
    capture = os.path.join(work_dir, name + ".pcap")
    run = subprocess.run([portlab, "run", os.path.basename(scenario), "--json", "--pcap", capture],
                         cwd=os.path.dirname(scenario), capture_output=True, text=True, timeout=120)
    if run.returncode not in (0, 1):
        print(f"portlab run failed with exit code {run.returncode}:\n{run.stderr}")
        return 1
    sent = []
    for line in run.stdout.splitlines():
        for event in json.loads(line)["events"]:
            if event["kind"] == "sent":
                sent.append(event)

    command = [tshark, "-r", capture, "-n",
               "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
               "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for field in FIELDS:
        command += ["-e", field]
    decoded = subprocess.run(command, capture_output=True, text=True, timeout=120)
    errors = [line for line in decoded.stderr.splitlines() if "Running as user" not in line and line.strip()]
    if decoded.returncode != 0 or errors:
        print(f"tshark could not read {capture}:\n{decoded.stderr}")
        return 1
    frames = [dict(zip(FIELDS, line.split("\t"))) for line in decoded.stdout.splitlines()]

    problems = []
    if len(frames) != len(sent):
        problems.append(f"the model sent {len(sent)} envelopes, tshark read {len(frames)} frames")
    for frame, event in zip(frames, sent):
        number = frame["frame.number"]
        envelope = event["envelope"]
        where = f"frame {number} ({event['summary']})"
        for severity, message in zip(values(frame["_ws.expert.severity"]), values(frame["_ws.expert.message"])):
            if severity != EXPERT_ERROR:
                continue
            blamed = blamed_protocol(frame["_ws.malformed"])
            if message.startswith("Malformed Packet") and blamed not in OWN_PROTOCOLS and blamed != "an unnamed":
                print(f"note: {where}: the {blamed} dissector does not take the scenario's payload")
                continue
            problems.append(f"{where}: tshark reports an error: {message}")
        for status in ("ip", "tcp", "udp", "icmp", "icmpv6"):
            if "0" in values(frame[status + ".checksum.status"]):
                problems.append(f"{where}: bad {status} checksum")
        if abs(float(frame["frame.time_epoch"]) - event["time_us"] / 1e6) > 1e-6:
            problems.append(f"{where}: time {frame['frame.time_epoch']} s, the model says {event['time_us']} µs")
        source, source_port = split_endpoint(envelope["source"])
        destination, destination_port = split_endpoint(envelope["destination"])
        tshark_source = first(frame["ip.src"]) or first(frame["ipv6.src"])
        tshark_destination = first(frame["ip.dst"]) or first(frame["ipv6.dst"])
        if (tshark_source, tshark_destination) != (source, destination):
            problems.append(f"{where}: tshark reads {tshark_source} → {tshark_destination}")
        protocol = envelope["protocol"]
        if protocol in ("tcp", "udp"):
            ports = (int(first(frame[protocol + ".srcport"]) or -1), int(first(frame[protocol + ".dstport"]) or -1))
            if ports != (source_port, destination_port):
                problems.append(f"{where}: tshark reads {protocol} ports {ports}")
        if protocol == "tcp":
            expected = sum(TCP_FLAG_BITS[name.strip()] for name in envelope["flags"].split(",") if name.strip())
            if int(frame["tcp.flags"], 16) != expected:
                problems.append(f"{where}: tshark reads TCP flags {frame['tcp.flags']}, expected {expected:#06x}")
        if protocol == "icmp":
            code = str(envelope["icmp_code"])
            if ":" in source:
                type_code = (first(frame["icmpv6.type"]), first(frame["icmpv6.code"]))
                wanted = ("1", code)
            else:
                type_code = (first(frame["icmp.type"]), first(frame["icmp.code"]))
                wanted = ("3", code)
            if type_code != wanted:
                problems.append(f"{where}: tshark reads ICMP type/code {type_code}, expected {wanted}")

    if problems:
        print(f"{capture}:")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"{capture}: tshark decodes all {len(frames)} frames; fields, times and checksums agree with the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
