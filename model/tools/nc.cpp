// SPDX-License-Identifier: GPL-3.0-or-later
#include "nc.h"

#include <QStringList>

namespace portlab {

NcScan ncScan(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services)
{
    NcScan scan;
    QStringList lines;
    const Family family = options.address.isV6() ? Family::IPv6 : Family::IPv4;
    for (int port = options.low; port <= options.high; ++port) {
        const auto created = world.socket(pid, Protocol::Tcp, family);
        SysResult result = created.result;
        if (created.ok()) {
            result = world.connect(pid, created.value, Endpoint{options.address, static_cast<std::uint16_t>(port)});
            // -z: nothing is read or written; the descriptor is closed at once.
            world.close(pid, created.value);
            world.settle();
        }
        if (result.ok()) {
            ++scan.succeeded;
            const ServiceEntry *service = services.find(static_cast<std::uint16_t>(port), Protocol::Tcp);
            // nc names the host as written, and the address it became when that differs
            // ("Connection to 0:0::1 (::1) 22 port …").
            const QString numeric = options.address.toString();
            const QString host = options.addressText == numeric ? numeric : QStringLiteral("%1 (%2)").arg(options.addressText, numeric);
            lines << QStringLiteral("Connection to %1 %2 port [tcp/%3] succeeded!")
                         .arg(host).arg(port).arg(service ? service->name : QStringLiteral("*"));
        } else {
            scan.lastError = result.error;
            scan.lastExplanation = result.explanation;
            lines << QStringLiteral("nc: connect to %1 port %2 (tcp) failed: %3").arg(options.addressText).arg(port).arg(errnoDescription(result.error));
        }
    }
    scan.output = lines.join(u'\n');
    return scan;
}

} // namespace portlab
