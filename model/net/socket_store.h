// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "socket.h"

#include <vector>

namespace portlab {

// Every socket of a world, addressed by id. Ids are indexes and are never reused, so a trace
// that names a socket stays true after the socket is gone.
class SocketStore {
public:
    SocketId create()
    {
        const auto id = static_cast<SocketId>(m_sockets.size());
        m_sockets.emplace_back().id = id;
        return id;
    }
    Socket &operator[](SocketId id) { return m_sockets[id]; }
    const Socket &operator[](SocketId id) const { return m_sockets[id]; }
    bool contains(SocketId id) const { return id < m_sockets.size(); }
    std::size_t size() const { return m_sockets.size(); }
    void reserve(std::size_t n) { m_sockets.reserve(n); }
    auto begin() const { return m_sockets.begin(); }
    auto end() const { return m_sockets.end(); }

private:
    std::vector<Socket> m_sockets;
};

} // namespace portlab
