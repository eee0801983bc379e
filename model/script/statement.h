// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/personality.h"
#include "sim/trace.h"
#include "sim/world.h"
#include "net/knockd.h"
#include "tools/iptables.h"
#include "tools/lsof.h"
#include "tools/nc.h"
#include "tools/nmap.h"
#include "tools/netstat.h"
#include "tools/ss.h"

#include <variant>
#include <vector>

namespace portlab {

// A name as written in the scenario, with where, so a name error can point at it.
struct Name {
    QString text;
    int column = 0;
};

// `nginx.s` (or just `s` when only one process has a socket of that name).
struct SocketRef {
    std::optional<Name> process;
    Name variable;
    QString toString() const { return process ? process->text + u'.' + variable.text : variable.text; }
};

struct HostDecl {
    Name name;
    std::vector<IpAddress> addresses;
    std::vector<int> addressColumns;
    Personality personality = Personality::forLinux();
};

struct ProcessDecl {
    Name name;
    Name host;
    QString user;
    bool canBindPrivileged = false;
};

enum class SysctlKey { PortRange, UnprivilegedPortStart, ReservedPorts, TcpTwReuse, TcpSynRetries, TcpSynLinearTimeouts, IpForward };

struct SysctlSet {
    Name host;
    SysctlKey key = SysctlKey::PortRange;
    int low = 0;
    int high = 0;
    std::vector<std::pair<int, int>> ranges;   // reserved ports
};

enum class Verb {
    Socket, Setsockopt, Bind, Listen, Connect, Accept, Send, Sendto, Recv, Shutdown, Close, Getsockname, Getpeername,
};

struct Call {
    Name process;
    std::optional<Name> assignTo;
    Verb verb = Verb::Socket;
    Name socket;                        // the socket operated on (all verbs but socket)
    Protocol protocol = Protocol::Tcp;  // socket
    Family family = Family::IPv4;       // socket
    SocketOption option = SocketOption::ReuseAddr;
    int value = 0;                      // setsockopt value, listen backlog
    Endpoint endpoint;                  // bind, connect, sendto
    QByteArray data;                    // send, sendto
    ShutdownHow how = ShutdownHow::Both;
};

struct Wait {
    SimTime duration{0};
};

// `kill [-TERM|-KILL] PROCESS` (also -15, -9): SIGTERM unless told. The simulated programs
// catch no signal, so either ends them: the kernel closes their sockets, and they make no
// more calls (a process of that name may be declared again).
struct Kill {
    Name process;
    bool sigkill = false;
};

struct SsCommand {
    Name host;
    SsOptions options;
};

struct NetstatCommand {
    Name host;
    NetstatOptions options;
};

struct LsofCommand {
    Name host;
    LsofOptions options;
};

// `PROCESS: [VAR =] nc …`: the process runs netcat: a connect scan (-z), a connection
// (ADDRESS PORT [send "DATA"]) or a listener (-l); VAR names the socket nc keeps.
struct NcCommand {
    Name process;
    std::optional<Name> assignTo;
    NcOptions options;
};

// `PROCESS: nmap -sT|-sU -p PORTS [-Pn] [-n] ADDRESS`: the process runs an nmap port scan.
struct NmapCommand {
    Name process;
    NmapOptions options;
};

// `iptables HOST ARGUMENTS…`: the host's packet filter and NAT, as the real command sets them.
struct IptablesCommand {
    Name host;
    IptablesOptions options;
    QStringList arguments;   // as written, for the real iptables
};

// `knockd HOST sequence P1,P2,… [tcp|udp] open tcp PORT [timeout DURATION]`.
struct KnockdCommand {
    Name host;
    KnockDoor door;
};

struct ServicesQuery {
    QString query;
};

enum class ExpectKind { Ok, Error, Local, Remote, PortRange, PortParity, PortSame, PortDiffers, State, Received, Delivered, Reply };

struct EndpointPattern {
    std::optional<IpAddress> address;   // nullopt: any address (written *)
    std::optional<std::uint16_t> port;  // nullopt: any port (written *)
    QString text;

    // A port must be equal; an address equal, or the IPv4 form of a v4-mapped address.
    bool matches(const Endpoint &endpoint) const
    {
        if (port && *port != endpoint.port)
            return false;
        if (!address)
            return true;
        const IpAddress &have = endpoint.address;
        return *address == have || (have.isV4Mapped() && address->isV4() && have.mappedV4() == *address);
    }
};

struct Expectation {
    ExpectKind kind = ExpectKind::Ok;
    Errno error = Errno::Ok;
    SocketRef socket;
    SocketRef other;
    EndpointPattern pattern;
    int low = 0;
    int high = 0;
    bool even = false;
    SocketState state = SocketState::Closed;
    QByteArray data;
    bool replyIsReset = false;          // reply rst, or reply icmp
};

using StatementBody = std::variant<HostDecl, ProcessDecl, SysctlSet, Call, Wait, Kill, SsCommand, NetstatCommand, LsofCommand, NcCommand, NmapCommand,
                                   IptablesCommand, KnockdCommand, ServicesQuery, Expectation>;

struct Statement {
    int line = 0;
    int column = 0;
    QString text;
    StatementBody body;
};


} // namespace portlab
