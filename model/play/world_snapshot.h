// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/world.h"
#include "tools/ss.h"

#include <QStringList>

#include <vector>

namespace portlab {

// How the stage draws a socket's door: each kind has its own shape and label.
enum class DoorKind : std::uint8_t {
    Listening,     // TCP LISTEN: waits for connections
    Connected,     // a TCP connection (being set up or established), or a connected UDP socket
    Unconnected,   // bound, not connected: UDP UNCONN, or TCP bound but not listening
    Closing,       // a TCP connection on its way out: FIN-WAIT, CLOSE-WAIT, TIME-WAIT, ...
};

DoorKind doorKindOf(const Socket &socket);

// One socket with a port (a door), as the stage shows it.
struct SocketSnapshot {
    SocketId id = NoSocket;
    Pid owner = NoProcess;
    int fd = -1;                 // -1 when no process holds it
    Protocol protocol = Protocol::Tcp;
    std::uint16_t port = 0;
    QString local;               // "0.0.0.0:80"
    QString remote;              // empty when it has no peer
    QString state;               // as ss prints it: "LISTEN", "ESTAB", "UNCONN", "TIME-WAIT"
    DoorKind kind = DoorKind::Unconnected;
    QStringList options;         // "SO_REUSEADDR", ...
    std::size_t acceptQueue = 0;
    std::size_t receiveQueueBytes = 0;
    QString description;         // World::describeSocket's sentence
    bool operator==(const SocketSnapshot &) const = default;
};

struct ProcessSnapshot {
    Pid pid = NoProcess;
    QString name;
    QString user;
    bool root = false;
    std::vector<SocketSnapshot> sockets;   // in descriptor order
    bool operator==(const ProcessSnapshot &) const = default;
};

struct HostSnapshot {
    QString name;
    QStringList addresses;
    QString personality;                        // "Linux", "Windows", for display
    std::uint16_t ephemeralLow = 32768;         // ip_local_port_range, as the host's sysctl has it now
    std::uint16_t ephemeralHigh = 60999;
    std::vector<ProcessSnapshot> processes;     // in pid order
    std::vector<SocketSnapshot> kernelSockets;  // held by no process: TIME-WAIT, not yet accepted
    std::vector<SsRow> socketTable;             // as `ss -tuanp` lists it
    bool operator==(const HostSnapshot &) const = default;
};

// What the stage shows of a world at one moment: every host, its processes and their doors,
// and its socket table as ss prints it.
using WorldSnapshot = std::vector<HostSnapshot>;

WorldSnapshot snapshotWorld(const World &world);

// The door of socket `id` in any host's offices or kernel office, or nullptr.
const SocketSnapshot *findSocket(const WorldSnapshot &world, SocketId id);

} // namespace portlab
