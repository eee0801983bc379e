// SPDX-License-Identifier: GPL-3.0-or-later
#include "world_snapshot.h"

#include <algorithm>

namespace portlab {

DoorKind doorKindOf(const Socket &socket)
{
    switch (socket.state) {
    case SocketState::Listen:
        return DoorKind::Listening;
    case SocketState::Closed:
        return DoorKind::Unconnected;
    case SocketState::SynSent:
    case SocketState::SynReceived:
    case SocketState::Established:
        return DoorKind::Connected;
    case SocketState::FinWait1:
    case SocketState::FinWait2:
    case SocketState::CloseWait:
    case SocketState::Closing:
    case SocketState::LastAck:
    case SocketState::TimeWait:
        return DoorKind::Closing;
    }
    return DoorKind::Unconnected;
}

namespace {

SocketSnapshot socketSnapshot(const World &world, const Socket &socket)
{
    SocketSnapshot s;
    s.id = socket.id;
    s.owner = socket.owner;
    s.fd = socket.owner == NoProcess ? -1 : socket.fd;
    s.protocol = socket.protocol;
    s.port = socket.local.port;
    s.local = socket.local.toString();
    if (socket.hasRemote())
        s.remote = socket.remote.toString();
    s.state = ssStateName(socket.state);
    s.kind = doorKindOf(socket);
    if (socket.reuseAddr)
        s.options.append(socketOptionName(SocketOption::ReuseAddr));
    if (socket.reusePort)
        s.options.append(socketOptionName(SocketOption::ReusePort));
    if (socket.v6Only)
        s.options.append(socketOptionName(SocketOption::V6Only));
    s.acceptQueue = world.acceptQueueLength(socket.id);
    s.receiveQueueBytes = world.receiveQueueBytes(socket.id);
    s.description = world.describeSocket(socket.id);
    return s;
}

// A socket without a port (socket() called, bind() failed or never called) is no door, as
// ss leaves it out.
bool isDoor(const Socket &socket)
{
    return socket.bound || socket.state != SocketState::Closed;
}

} // namespace

WorldSnapshot snapshotWorld(const World &world)
{
    WorldSnapshot hosts;
    const std::vector<Pid> pids = world.processes();
    SsOptions everything;
    everything.tcp = everything.udp = everything.all = everything.numeric = everything.processes = true;

    for (HostId hostId = 0; hostId < world.hostCount(); ++hostId) {
        const Host &host = world.host(hostId);
        HostSnapshot row;
        row.name = host.name();
        for (const IpAddress &address : host.addresses())
            row.addresses.append(address.toString());
        row.personality = host.personality().displayName;
        row.ephemeralLow = host.settings().ephemeralLow;
        row.ephemeralHigh = host.settings().ephemeralHigh;

        std::vector<const Socket *> doors;
        for (const SocketId id : world.socketsOf(hostId)) {
            const Socket &socket = world.socketAt(id);
            if (isDoor(socket))
                doors.push_back(&socket);
        }
        std::stable_sort(doors.begin(), doors.end(), [](const Socket *a, const Socket *b) { return a->fd < b->fd; });

        for (const Pid pid : pids) {
            const Process &process = world.process(pid);
            if (process.host != hostId)
                continue;
            ProcessSnapshot office{process.pid, process.name, process.user, process.isRoot(), {}};
            for (const Socket *socket : doors) {
                if (socket->owner == pid)
                    office.sockets.push_back(socketSnapshot(world, *socket));
            }
            row.processes.push_back(std::move(office));
        }
        for (const Socket *socket : doors) {
            if (socket->owner == NoProcess)
                row.kernelSockets.push_back(socketSnapshot(world, *socket));
        }
        row.socketTable = ssRows(world, hostId, everything, ServiceRegistry::builtIn());
        hosts.push_back(std::move(row));
    }
    return hosts;
}

const SocketSnapshot *findSocket(const WorldSnapshot &world, SocketId id)
{
    for (const HostSnapshot &host : world) {
        for (const ProcessSnapshot &process : host.processes) {
            for (const SocketSnapshot &socket : process.sockets) {
                if (socket.id == id)
                    return &socket;
            }
        }
        for (const SocketSnapshot &socket : host.kernelSockets) {
            if (socket.id == id)
                return &socket;
        }
    }
    return nullptr;
}

} // namespace portlab
