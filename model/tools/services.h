// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/socket.h"

#include <vector>

namespace portlab {

struct ServiceEntry {
    std::uint16_t port = 0;
    Protocol protocol = Protocol::Tcp;
    QString name;
    QString description;
    QString nmapName;   // what nmap calls the port: its own list's name where that differs
};

// The port registry behind `services` and ss's names: which service a port number is
// registered for, and the other way round. Loaded from resources/services.tsv.
class ServiceRegistry {
public:
    static const ServiceRegistry &builtIn();
    static ServiceRegistry fromTsv(QStringView text);

    const ServiceEntry *find(std::uint16_t port, Protocol protocol) const;
    std::vector<const ServiceEntry *> byName(QStringView name) const;
    std::size_t size() const { return m_entries.size(); }

private:
    std::vector<ServiceEntry> m_entries;
};

// Which of IANA's three ranges a port falls in (RFC 6335 section 6).
QString portRangeName(std::uint16_t port);   // "well-known (0-1023)"

// The answer to `services QUERY`: "80", "53/udp", "https".
QString servicesReport(const ServiceRegistry &registry, QStringView query);

} // namespace portlab
