// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

class QIODevice;

namespace portlab::wire {

// Link-layer header types (tcpdump.org's LINKTYPE_ values) a capture may hold.
enum class LinkType : std::uint32_t {
    Null = 0,             // BSD loopback: 4-byte address family in the capturing host's byte order
    Ethernet = 1,
    Raw = 101,            // the packet starts with the IP header
    LinuxCooked = 113,    // "Linux cooked" SLL, tcpdump -i any (older)
    Loop = 108,           // OpenBSD loopback: 4-byte big-endian address family
    LinuxCooked2 = 276,   // SLL2, tcpdump -i any (libpcap >= 1.10)
};
QString linkTypeName(std::uint32_t linkType);   // "Ethernet", "Linux cooked (SLL2)", "link type 147"

// One packet as a capture file holds it.
struct CaptureRecord {
    std::size_t index = 0;            // 1-based, in file order, as Wireshark numbers frames
    std::size_t fileOffset = 0;       // where the record (header or block) starts in the file
    std::int64_t timestampNs = 0;     // since the Unix epoch
    std::uint32_t linkType = 0;
    std::uint32_t originalLength = 0; // on the wire; bytes.size() is less when the snap cut it
    QByteArray bytes;
};

// Where the network layer begins inside a record, after its link-layer header.
struct NetworkLayer {
    std::size_t offset = 0;
    std::uint16_t etherType = 0;   // 0x0800, 0x86dd, 0x0806, or what the link layer said
};
// nullopt when the link type is unknown or the record is shorter than its link-layer header.
std::optional<NetworkLayer> networkLayerOf(const CaptureRecord &record);

struct CaptureError {
    std::size_t recordIndex = 0;   // 0 when the file header itself is wrong
    std::size_t offset = 0;        // byte offset in the file
    QString message;               // "record 12 at byte 3456: captured length 70000 is larger than ..."
    QString hint;                  // what the user can do about it
};

struct CaptureContents {
    std::vector<CaptureRecord> records;    // every record read before an error, if any
    std::optional<CaptureError> error;
    bool nextGeneration = false;           // pcapng rather than classic pcap
};

// Classic pcap (either byte order, micro- or nanosecond) and pcapng (SHB, IDB, EPB, SPB and the
// obsolete Packet Block; other blocks are skipped; several sections and interfaces).
CaptureContents readCapture(const QByteArray &file);
CaptureContents readCaptureFile(const QString &path);   // an unreadable file is an error too

// Classic pcap, nanosecond timestamps, the machine's byte order (readers accept either).
class PcapWriter {
public:
    PcapWriter(QIODevice &device, LinkType linkType, std::uint32_t snapLength = 262144);
    bool write(std::int64_t timestampNs, const QByteArray &bytes);   // false when the device fails
    bool ok() const { return m_ok; }

private:
    QIODevice &m_device;
    std::uint32_t m_snapLength;
    bool m_ok = true;
};

} // namespace portlab::wire
