// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/world.h"
#include "tools/services.h"

namespace portlab {

enum class NmapScanType : std::uint8_t { TcpConnect, Udp };   // -sT, -sU

// `nmap -sT|-sU -p PORTS [-Pn] [-n] ADDRESS`, run by a process on its host.
struct NmapOptions {
    NmapScanType type = NmapScanType::TcpConnect;
    std::vector<std::uint16_t> ports;   // ascending, each once
    bool skipHostDiscovery = false;     // -Pn
    IpAddress address;
    QString portsText;                  // as written, for the kernel backend's command line
};

enum class PortState : std::uint8_t { Open, Closed, Filtered, OpenFiltered };
QString portStateName(PortState state);   // "open", "closed", "filtered", "open|filtered"

// One port's verdict, as nmap infers it, with nmap's word for the evidence (--reason):
// syn-ack, conn-refused, udp-response, port-unreach, host-unreach, admin-prohibited, no-response.
struct PortScanResult {
    std::uint16_t port = 0;
    Protocol protocol = Protocol::Tcp;
    PortState state = PortState::Filtered;
    QString reason;
};

struct NmapScan {
    QString output;                       // what nmap prints on stdout
    bool hostUp = false;
    std::vector<PortScanResult> ports;    // by port number; empty when the host seemed down
    Errno error = Errno::Ok;              // the scan could not run at all (nmap quits)
    QString explanation;
};

// What nmap 7.93 does, with the envelopes on the wire: host discovery unless -Pn, then one
// probe per port, many at once (a window that grows with answers), each sent again when no
// answer came within the timeout (1 s until a round trip has been measured, then nmap's
// estimate, at least 100 ms), a port decided after two unanswered tries. -sT probes with
// non-blocking connect() and closes with SO_LINGER 0 (an open port's connection is reset);
// -sU writes empty UDP datagrams through a raw socket (root only) and reads the answers from a
// packet capture. The output is nmap's normal output, dated by the virtual clock counted from
// the Unix epoch.
NmapScan nmapScan(World &world, Pid pid, const NmapOptions &options, const ServiceRegistry &services);

} // namespace portlab
