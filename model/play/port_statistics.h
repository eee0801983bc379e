// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "playback.h"

#include <vector>

namespace portlab {

// What the charts show, read from a recorded run up to a step: plain numbers and names, no
// drawing. Each works from what the Playback kept; of a truncated run (Playback::truncated)
// it counts the steps that were recorded and nothing after them.

// --- the port space ---------------------------------------------------------------------

struct PortBand {
    QString name;
    std::uint16_t low = 0;
    std::uint16_t high = 0;   // the last port of the band
};

// IANA's three ranges (RFC 6335): system 0-1023, user/registered 1024-49151,
// dynamic/private 49152-65535.
std::vector<PortBand> ianaPortRanges();

// The ports one host's sockets hold, one mark per protocol and port.
struct PortMark {
    Protocol protocol = Protocol::Tcp;
    std::uint16_t port = 0;
    int sockets = 0;          // how many of the host's sockets have this port
    bool listening = false;   // one of them is a TCP listener
    QString owner;            // the process that holds it (a listener's first), or "kernel"
    int lane = 0;             // the row its label goes in (see layOutLabels)
    bool labelled = true;     // its label has room
};

struct PortSpace {
    QString host;
    PortBand ephemeral;              // the host's ip_local_port_range at that step
    std::vector<PortMark> marks;     // in port order, TCP before UDP on one port
};

// The host's ports after `step` (-1: before the first).
PortSpace portSpaceAt(const Playback &playback, int step, std::size_t host);

// Puts each mark's label in the lowest of `lanes` rows where it is at least `separation`
// ports from the previous label of that row; a mark that fits in none keeps no label (and
// sits in row 0): labels are drawn only where they can be read.
void layOutLabels(std::vector<PortMark> &marks, double separation, int lanes);

// --- the ephemeral ports the kernel chose -----------------------------------------------

// The rule a chosen port follows, which decides its series.
enum class PortChoiceRule : std::uint8_t {
    Connect,   // TCP connect(): even ports first, from a start per destination
    Bind,      // TCP bind() to port 0, listen() unbound: odd ports first, from a random start
    Udp,       // UDP: a random port, no parity
};

struct ChosenPort {
    int order = 0;        // 1 for the run's first choice, counted over every host and series
    int step = 0;
    SimTime time{0};
    std::uint16_t port = 0;
};

struct ChosenPortSeries {
    QString host;
    PortChoiceRule rule = PortChoiceRule::Connect;
    QString destination;        // Connect: "10.0.0.2:80", or empty for the other destinations
    int otherDestinations = 0;  // Connect with an empty destination: how many it gathers
    std::vector<ChosenPort> points;
    QString name() const;       // "laptop connect() → 10.0.0.2:80", "laptop bind(0), listen()"
};

// Every port chosen up to `lastStep`, a series per host and rule, and per destination for
// connect(): the set of series comes from the whole recording, so it stays the same while a
// player steps (a series may have no points yet). Beyond `maxDestinations` per host, the
// destinations with the fewest choices share one series.
std::vector<ChosenPortSeries> chosenPorts(const Playback &playback, int lastStep, std::size_t maxDestinations = 6);

// --- connections per listening socket ---------------------------------------------------

struct ListenerLoad {
    QString host;
    QString owner;        // the process that listens
    QString local;        // "0.0.0.0:80"
    std::uint16_t port = 0;
    int accepted = 0;     // established connections on its port that a process accepted
    int queued = 0;       // connections waiting in its accept queue
    QString name() const; // "server nginx 0.0.0.0:80"
};

// Each TCP listener of `world`. An accepted connection counts for the listener whose address
// covers its local address most specifically; among listeners as specific as each other (an
// SO_REUSEPORT group), the one of the process that holds the connection, else the first.
std::vector<ListenerLoad> connectionsPerListener(const WorldSnapshot &world);

// --- TCP sockets by state over time -----------------------------------------------------

struct StateTimeline {
    // The states that occur, in the order of a connection's life, as ss names them
    // ("LISTEN", "SYN-SENT", "ESTAB", …, "TIME-WAIT"; "UNCONN" for bound, not listening).
    std::vector<QString> states;
    std::vector<std::vector<int>> counts;   // counts[state][step]: every host's TCP sockets
};

// Steps 0 to `lastStep`.
StateTimeline socketStatesOverTime(const Playback &playback, int lastStep);

// --- a port scan, as the scanner infers it ------------------------------------------------

// How long a scanner waits for an answer before it calls a port silent (nmap's initial
// round-trip timeout).
inline constexpr SimTime scanAnswerTimeout{1'000'000};

enum class ScanVerdict : std::uint8_t {
    Open,            // TCP: SYN-ACK; UDP: a datagram came back
    Closed,          // TCP: RST; UDP: ICMP port unreachable
    Filtered,        // TCP: no answer; either: ICMP unreachable of another code
    OpenOrFiltered,  // UDP: no answer
    Waiting,         // no answer yet, and the scanner still waits
};
QString scanVerdictName(ScanVerdict verdict);   // "open", "closed", "filtered", "open|filtered", "waiting"

struct ScannedPort {
    Protocol protocol = Protocol::Tcp;
    std::uint16_t port = 0;
    ScanVerdict verdict = ScanVerdict::Waiting;
    QString answer;       // "SYN-ACK", "RST", "ICMP port unreachable", "ICMP unreachable (code 13)", "UDP", ""
    int probes = 0;       // SYNs or datagrams sent (retransmissions too)
};

struct ScanReport {
    QString scanner;      // the host that sent the probes
    QString target;       // the address they went to
    std::vector<ScannedPort> ports;   // by protocol, then port
};

// The probes (TCP SYNs without ACK, UDP datagrams) one host sent to one address up to
// `lastStep`, each with the first answer it drew. Of all such pairs in the recording, the one
// that probed the most ports; empty when nothing was sent.
ScanReport scanReport(const Playback &playback, int lastStep);

} // namespace portlab
