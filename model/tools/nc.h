// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/world.h"
#include "tools/services.h"

namespace portlab {

// What netcat-openbsd is asked to do: scan (-z), connect, or listen (-l).
enum class NcMode : std::uint8_t { Scan, Connect, Listen };

// `nc -z -v ADDRESS LOW[-HIGH]`, `nc [-u] [-v] [-n] ADDRESS PORT`, `nc -l [-u] [-v] [-k] [-n] [ADDRESS] PORT`.
struct NcOptions {
    NcMode mode = NcMode::Scan;
    Protocol protocol = Protocol::Tcp;   // -u
    bool verbose = false;                // -v
    bool keepListening = false;          // -k
    bool numeric = false;                // -n: no service names in the -v lines
    IpAddress address;
    QString addressText;         // as written (nc prints its argument); empty: listen on 0.0.0.0
    std::uint16_t low = 0;       // the port (a scan's first)
    std::uint16_t high = 0;      // a scan's last port
    QByteArray input;            // connect: what is typed into nc (`send "DATA"`)
};

struct NcScan {
    QString output;              // what nc -v prints on stderr, one line per port
    int succeeded = 0;
    Errno lastError = Errno::Ok; // the last failed connect's errno
    QString lastExplanation;     // and the model's sentence about it
};

// For each port in order, what nc -z does: a fresh TCP socket, connect(), close() (no byte
// sent or read), every envelope on the wire. The lines are netcat-openbsd 1.219's:
// "Connection to 10.0.0.1 22 port [tcp/ssh] succeeded!" (the service name from the
// registry, as getservbyport gives it from /etc/services, or "*"), and
// "nc: connect to 10.0.0.1 port 23 (tcp) failed: Connection refused" (strerror).
NcScan ncScan(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services);

// A line a running nc printed (on stdout what arrived, on stderr what -v reports).
struct NcPrinted {
    Pid pid = NoProcess;
    QString text;
};

// How an nc statement began: what it printed, and the socket it keeps (NoSocket when nc
// exited, which is a failure with the errno that ended it).
struct NcStart {
    QStringList lines;
    SysResult result;
    SocketId socket = NoSocket;   // connect: the connection; listen: the listening (TCP) or bound (UDP) socket
};

// The nc programs that keep running after their statement, as netcat-openbsd 1.219 does on
// Linux: connect mode holds its connection; listen mode sets SO_REUSEADDR and SO_REUSEPORT,
// binds, listens with a backlog of 1 (TCP) and takes one connection (UDP: connects to the
// first sender), printing what arrives. At the end of the stream nc shuts its reading side;
// listening, it then closes the connection and exits (-k: goes back to accept()); connected, it
// keeps running while its terminal is open. A read that fails (a reset) makes it exit. Exiting
// closes every socket nc holds. A socket of nc closed by the scenario stands for stopping nc
// (Ctrl-C): its other sockets close with it.
class NcPrograms {
public:
    NcStart start(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services);
    // Each running nc takes what has arrived since it last looked: a connection to accept,
    // data to print, an end of stream; every call goes through the world, on the wire.
    std::vector<NcPrinted> react(World &world);

private:
    struct Program {
        Pid pid = NoProcess;
        NcOptions options;
        SocketId listener = NoSocket;    // TCP listen mode
        SocketId connection = NoSocket;  // the socket nc reads: a connection, or UDP listen mode's bound socket
        bool awaitingPeer = false;       // UDP listen mode before the first datagram
        bool endOfStream = false;        // connect mode: the other side closed, nc reads no more
    };
    NcStart connect(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services);
    NcStart listen(World &world, Pid pid, const NcOptions &options);
    // One look at the program's sockets; false once nc has ended.
    bool step(World &world, Program &program, std::vector<NcPrinted> &printed, bool *progressed);
    static void end(World &world, const Program &program);

    std::vector<Program> m_programs;
};

} // namespace portlab
