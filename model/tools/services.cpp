// SPDX-License-Identifier: GPL-3.0-or-later
#include "services.h"

#include <QFile>
#include <QStringList>

namespace portlab {

const ServiceRegistry &ServiceRegistry::builtIn()
{
    static const ServiceRegistry registry = [] {
        QFile file(QStringLiteral(":/portlab/services.tsv"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the built-in port registry is missing from the resources");
        return fromTsv(QString::fromUtf8(file.readAll()));
    }();
    return registry;
}

ServiceRegistry ServiceRegistry::fromTsv(QStringView text)
{
    ServiceRegistry registry;
    for (const auto line : text.split(u'\n')) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const auto fields = line.split(u'\t');
        if (fields.size() < 3)
            continue;
        bool ok = false;
        const uint port = fields[0].toUInt(&ok);
        if (!ok || port > 65535)
            continue;
        ServiceEntry entry;
        entry.port = static_cast<std::uint16_t>(port);
        entry.protocol = fields[1].trimmed() == u"udp" ? Protocol::Udp : Protocol::Tcp;
        entry.name = fields[2].trimmed().toString();
        entry.description = fields.size() > 3 ? fields[3].trimmed().toString() : QString();
        entry.nmapName = fields.size() > 4 ? fields[4].trimmed().toString() : entry.name;
        registry.m_entries.push_back(std::move(entry));
    }
    return registry;
}

const ServiceEntry *ServiceRegistry::find(std::uint16_t port, Protocol protocol) const
{
    for (const auto &entry : m_entries) {
        if (entry.port == port && entry.protocol == protocol)
            return &entry;
    }
    return nullptr;
}

std::vector<const ServiceEntry *> ServiceRegistry::byName(QStringView name) const
{
    std::vector<const ServiceEntry *> found;
    for (const auto &entry : m_entries) {
        if (entry.name.compare(name, Qt::CaseInsensitive) == 0)
            found.push_back(&entry);
    }
    return found;
}

QString portRangeName(std::uint16_t port)
{
    if (port < 1024)
        return QStringLiteral("well-known (0-1023)");
    if (port < 49152)
        return QStringLiteral("registered (1024-49151)");
    return QStringLiteral("dynamic/private (49152-65535)");
}

QString servicesReport(const ServiceRegistry &registry, QStringView query)
{
    const auto slash = query.indexOf(u'/');
    const QStringView number = slash < 0 ? query : query.left(slash);
    const QStringView protocolText = slash < 0 ? QStringView() : query.mid(slash + 1);
    bool isNumber = false;
    const uint port = number.toUInt(&isNumber);
    QStringList lines;
    auto describe = [](const ServiceEntry &e) {
        return QStringLiteral("%1/%2  %3  %4").arg(e.port).arg(protocolName(e.protocol), e.name, e.description);
    };
    if (isNumber && port > 65535)
        return QStringLiteral("%1 is not a port: a port is a 16-bit number, 0-65535").arg(number);
    if (isNumber) {
        for (const Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
            if (!protocolText.isEmpty() && protocolText != protocolName(protocol))
                continue;
            if (const ServiceEntry *e = registry.find(static_cast<std::uint16_t>(port), protocol))
                lines << describe(*e);
        }
        if (lines.isEmpty())
            lines << QStringLiteral("%1: not in PortLab's port list (a selection from IANA's registry)").arg(query);
        lines << QStringLiteral("port %1 is in the %2 range").arg(port).arg(portRangeName(static_cast<std::uint16_t>(port)));
        return lines.join(u'\n');
    }
    for (const ServiceEntry *e : registry.byName(query))
        lines << describe(*e);
    if (lines.isEmpty())
        lines << QStringLiteral("%1: no service of that name in PortLab's port list (a selection from IANA's registry)").arg(query);
    return lines.join(u'\n');
}

} // namespace portlab
