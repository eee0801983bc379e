#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes the fixture captures of tst_capture: loopback traffic generated here, captured by dumpcap.

Run as root (dumpcap needs to capture on lo and on "any"):  python3 make_captures.py OUTPUT_DIR

Each capture holds the same conversation, on ports the kernel chooses:
  TCP over 127.0.0.1: connect, 5 bytes each way, close by the client, then by the server
  TCP over ::1:       the same
  UDP over 127.0.0.1: one 5-byte datagram to a bound socket
  UDP over 127.0.0.1 to a port that was bound and closed again: the kernel answers with
                      ICMP port unreachable
The capture filter names those ports, so unrelated loopback traffic stays out of the files.
"""
import os
import signal
import socket
import subprocess
import sys
import time

CAPTURES = [
    # file name, dumpcap arguments
    ("lo_ethernet.pcap", ["-i", "lo", "-P"]),
    ("lo_ethernet.pcapng", ["-i", "lo"]),
    ("any_linux_sll.pcap", ["-i", "any", "-y", "LINUX_SLL", "-s", "80", "-P"]),   # snapped at 80 bytes
    ("any_linux_sll2.pcapng", ["-i", "any", "-y", "LINUX_SLL2"]),
]


def kernel_chosen_port(family, kind):
    probe = socket.socket(family, kind)
    probe.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
    return probe, probe.getsockname()[1]


def tcp_conversation(listener, family, address):
    client = socket.socket(family, socket.SOCK_STREAM)
    client.connect((address, listener.getsockname()[1]))
    server, _ = listener.accept()
    client.sendall(b"hello")
    assert server.recv(16) == b"hello"
    server.sendall(b"world")
    assert client.recv(16) == b"world"
    client.close()
    assert server.recv(16) == b""   # the client's FIN
    server.close()


def capture(path, dumpcap_arguments):
    tcp4, tcp4_port = kernel_chosen_port(socket.AF_INET, socket.SOCK_STREAM)
    tcp6, tcp6_port = kernel_chosen_port(socket.AF_INET6, socket.SOCK_STREAM)
    udp, udp_port = kernel_chosen_port(socket.AF_INET, socket.SOCK_DGRAM)
    closed, closed_port = kernel_chosen_port(socket.AF_INET, socket.SOCK_DGRAM)
    closed.close()
    tcp4.listen(1)
    tcp6.listen(1)

    capture_filter = (f"tcp port {tcp4_port} or tcp port {tcp6_port} or udp port {udp_port}"
                      f" or udp port {closed_port} or (icmp and icmp[30:2] = {closed_port})")
    command = ["dumpcap", *dumpcap_arguments, "-f", capture_filter, "-a", "duration:10",
               "-w", path]
    dumpcap = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    # dumpcap prints "Capturing on ..." before it opens the interface, and "File: ..." once the
    # interface is open, the filter set and the file created.
    for line in dumpcap.stderr:
        if line.startswith("File:"):
            break
    time.sleep(0.2)

    tcp_conversation(tcp4, socket.AF_INET, "127.0.0.1")
    tcp_conversation(tcp6, socket.AF_INET6, "::1")
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sender.sendto(b"ping!", ("127.0.0.1", udp_port))
    assert udp.recv(16) == b"ping!"
    sender.sendto(b"nobody", ("127.0.0.1", closed_port))
    time.sleep(0.3)

    dumpcap.send_signal(signal.SIGINT)
    dumpcap.wait(timeout=10)
    print(" ".join(command))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_captures.py OUTPUT_DIR")
    for name, arguments in CAPTURES:
        capture(os.path.join(sys.argv[1], name), arguments)
