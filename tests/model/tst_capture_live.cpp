// SPDX-License-Identifier: GPL-3.0-or-later
// Reading what a real capture tool writes, live: the test makes its own loopback traffic on ports
// the kernel chooses while dumpcap captures it (as pcap and as pcapng), then checks that the
// records read back are exactly that traffic. Needs root and dumpcap; without them it says so and
// exits with 77, which ctest reports as "Not Run".
#include "model_test_support.h"

#include "sim/capture_replay.h"
#include "wire/capture.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

using namespace portlab::wire;

namespace {

constexpr int kSkipExitCode = 77;

// A socket descriptor that closes itself.
class Socket {
public:
    Socket(int family, int type) : m_descriptor(::socket(family, type, 0)) {}
    explicit Socket(int descriptor) : m_descriptor(descriptor) {}
    Socket(const Socket &) = delete;
    Socket &operator=(const Socket &) = delete;
    ~Socket() { close(); }

    int descriptor() const { return m_descriptor; }
    bool valid() const { return m_descriptor >= 0; }
    void close()
    {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
        m_descriptor = -1;
    }

private:
    int m_descriptor;
};

sockaddr_storage loopback(int family, std::uint16_t port)
{
    sockaddr_storage storage{};
    if (family == AF_INET) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        std::memcpy(&storage, &address, sizeof address);
    } else {
        sockaddr_in6 address{};
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(port);
        address.sin6_addr = in6addr_loopback;
        std::memcpy(&storage, &address, sizeof address);
    }
    return storage;
}

socklen_t lengthOf(int family)
{
    return family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
}

// Binds to the loopback address on a port the kernel chooses, and returns that port (0 on failure).
std::uint16_t bindLoopback(const Socket &socket, int family)
{
    const sockaddr_storage address = loopback(family, 0);
    if (::bind(socket.descriptor(), reinterpret_cast<const sockaddr *>(&address), lengthOf(family)) != 0)
        return 0;
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    if (::getsockname(socket.descriptor(), reinterpret_cast<sockaddr *>(&bound), &length) != 0)
        return 0;
    std::uint16_t port = 0;
    if (family == AF_INET)
        std::memcpy(&port, reinterpret_cast<const char *>(&bound) + offsetof(sockaddr_in, sin_port), sizeof port);
    else
        std::memcpy(&port, reinterpret_cast<const char *>(&bound) + offsetof(sockaddr_in6, sin6_port), sizeof port);
    return ntohs(port);
}

bool connectTo(const Socket &socket, int family, std::uint16_t port)
{
    const sockaddr_storage address = loopback(family, port);
    return ::connect(socket.descriptor(), reinterpret_cast<const sockaddr *>(&address), lengthOf(family)) == 0;
}

bool sendAll(const Socket &socket, const QByteArray &data)
{
    return ::send(socket.descriptor(), data.constData(), static_cast<std::size_t>(data.size()), 0) == data.size();
}

QByteArray receive(const Socket &socket)
{
    char buffer[256];
    const auto received = ::recv(socket.descriptor(), buffer, sizeof buffer, 0);
    return received > 0 ? QByteArray(buffer, static_cast<qsizetype>(received)) : QByteArray();
}

std::uint8_t byteAt(const QByteArray &bytes, std::size_t offset)
{
    return static_cast<std::uint8_t>(bytes.at(static_cast<qsizetype>(offset)));
}
std::uint16_t be16At(const QByteArray &bytes, std::size_t offset)
{
    return static_cast<std::uint16_t>((byteAt(bytes, offset) << 8) | byteAt(bytes, offset + 1));
}

// One record's transport header, found without IP options or IPv6 extension headers (the kernel
// sends none on these connections).
struct Segment {
    std::uint16_t etherType = 0;
    std::uint8_t protocol = 0;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint8_t tcpFlags = 0;
    QByteArray payload;   // after the TCP or UDP header
    std::uint16_t quotedDestinationPort = 0;   // ICMP port unreachable: the port it names
};

std::optional<Segment> segmentOf(const CaptureRecord &record)
{
    const auto network = networkLayerOf(record);
    if (!network)
        return std::nullopt;
    const QByteArray &bytes = record.bytes;
    const auto size = static_cast<std::size_t>(bytes.size());
    Segment segment;
    segment.etherType = network->etherType;
    std::size_t transport = 0;
    if (network->etherType == 0x0800 && size >= network->offset + 20) {
        segment.protocol = byteAt(bytes, network->offset + 9);
        transport = network->offset + std::size_t{(byteAt(bytes, network->offset) & 0x0fu) * 4u};
    } else if (network->etherType == 0x86dd && size >= network->offset + 40) {
        segment.protocol = byteAt(bytes, network->offset + 6);
        transport = network->offset + 40;
    } else {
        return std::nullopt;
    }
    if (size < transport + 8)
        return std::nullopt;
    if (segment.protocol == 1) {
        // Type, code, checksum, unused; then the IPv4 header and UDP header that were refused.
        if (size < transport + 8 + 20 + 4 || byteAt(bytes, transport) != 3 || byteAt(bytes, transport + 1) != 3)
            return segment;
        segment.quotedDestinationPort = be16At(bytes, transport + 8 + 20 + 2);
        return segment;
    }
    segment.sourcePort = be16At(bytes, transport);
    segment.destinationPort = be16At(bytes, transport + 2);
    if (segment.protocol == 6 && size >= transport + 20) {
        segment.tcpFlags = byteAt(bytes, transport + 13);
        const std::size_t headerLength = std::size_t{(byteAt(bytes, transport + 12) >> 4) * 4u};
        if (size > transport + headerLength)
            segment.payload = bytes.mid(static_cast<qsizetype>(transport + headerLength));
    } else if (segment.protocol == 17) {
        segment.payload = bytes.mid(static_cast<qsizetype>(transport + 8));
    }
    return segment;
}

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kAck = 0x10;

} // namespace

class TestCaptureLive : public QObject {
    Q_OBJECT

public:
    explicit TestCaptureLive(QString dumpcap) : m_dumpcap(std::move(dumpcap)) {}

private Q_SLOTS:
    void loopbackTraffic_data();
    void loopbackTraffic();

private:
    QString m_dumpcap;
};

void TestCaptureLive::loopbackTraffic_data()
{
    QTest::addColumn<bool>("nextGeneration");
    QTest::newRow("pcap") << false;
    QTest::newRow("pcapng") << true;
}

void TestCaptureLive::loopbackTraffic()
{
    QFETCH(bool, nextGeneration);

    // Every port is chosen by the kernel, so tests running side by side never share one.
    Socket listener4(AF_INET, SOCK_STREAM);
    Socket listener6(AF_INET6, SOCK_STREAM);
    Socket receiver(AF_INET, SOCK_DGRAM);
    Socket closed(AF_INET, SOCK_DGRAM);
    const std::uint16_t tcp4Port = bindLoopback(listener4, AF_INET);
    const std::uint16_t tcp6Port = bindLoopback(listener6, AF_INET6);
    const std::uint16_t udpPort = bindLoopback(receiver, AF_INET);
    const std::uint16_t closedPort = bindLoopback(closed, AF_INET);
    QVERIFY(tcp4Port && tcp6Port && udpPort && closedPort);
    closed.close();   // nobody listens there now: the kernel answers with ICMP port unreachable
    QCOMPARE(::listen(listener4.descriptor(), 1), 0);
    QCOMPARE(::listen(listener6.descriptor(), 1), 0);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(nextGeneration ? QStringLiteral("live.pcapng") : QStringLiteral("live.pcap"));
    const QString filter = QStringLiteral("tcp port %1 or tcp port %2 or udp port %3 or udp port %4 "
                                          "or (icmp and icmp[30:2] = %4)")
                               .arg(tcp4Port).arg(tcp6Port).arg(udpPort).arg(closedPort);
    QStringList arguments{QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"), filter,
                          QStringLiteral("-a"), QStringLiteral("duration:10"), QStringLiteral("-w"), path};
    if (!nextGeneration)
        arguments.append(QStringLiteral("-P"));

    QProcess dumpcap;
    dumpcap.setReadChannel(QProcess::StandardError);
    dumpcap.start(m_dumpcap, arguments);
    QVERIFY2(dumpcap.waitForStarted(10000), qPrintable(dumpcap.errorString()));
    // dumpcap prints "Capturing on 'Loopback: lo'" before it opens the interface, and
    // "File: <path>" once the interface is open, its filter set and the file created.
    QByteArray messages;
    const QDeadlineTimer ready(10000);
    while (!messages.contains("File: ") && !ready.hasExpired() && dumpcap.state() == QProcess::Running) {
        dumpcap.waitForReadyRead(200);
        messages += dumpcap.readAllStandardError();
    }
    if (!messages.contains("File: ")) {
        dumpcap.kill();
        dumpcap.waitForFinished(5000);
        QFAIL(qPrintable(QStringLiteral("dumpcap did not start capturing: ") + QString::fromLocal8Bit(messages)));
    }
    const std::int64_t startedNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;

    // TCP over IPv4 and IPv6: connect, one message each way, the client closes, then the server.
    const QByteArray request = QByteArrayLiteral("portlab live request");
    const QByteArray reply = QByteArrayLiteral("portlab live reply");
    for (const auto &[family, port] : {std::pair{AF_INET, tcp4Port}, std::pair{AF_INET6, tcp6Port}}) {
        const Socket &listener = family == AF_INET ? listener4 : listener6;
        Socket client(family, SOCK_STREAM);
        QVERIFY(connectTo(client, family, port));
        Socket server(::accept(listener.descriptor(), nullptr, nullptr));
        QVERIFY(server.valid());
        QVERIFY(sendAll(client, request));
        QCOMPARE(receive(server), request);
        QVERIFY(sendAll(server, reply));
        QCOMPARE(receive(client), reply);
        client.close();
        QCOMPARE(receive(server), QByteArray());   // the client's FIN
    }
    // Three UDP datagrams to a bound port, one to the closed port.
    Socket sender(AF_INET, SOCK_DGRAM);
    QVERIFY(connectTo(sender, AF_INET, udpPort));
    for (int i = 1; i <= 3; ++i) {
        const QByteArray datagram = "datagram " + QByteArray::number(i);
        QVERIFY(sendAll(sender, datagram));
        QCOMPARE(receive(receiver), datagram);
    }
    Socket refused(AF_INET, SOCK_DGRAM);
    QVERIFY(connectTo(refused, AF_INET, closedPort));
    QVERIFY(sendAll(refused, QByteArrayLiteral("anyone?")));
    const std::int64_t finishedNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;

    // Give dumpcap time to take the last packets from the kernel, then stop it as Ctrl-C would.
    QThread::msleep(500);
    dumpcap.terminate();
    if (!dumpcap.waitForFinished(10000)) {
        dumpcap.kill();
        dumpcap.waitForFinished(5000);
        QFAIL("dumpcap did not stop within 10 seconds of SIGTERM");
    }
    messages += dumpcap.readAllStandardError();
    QVERIFY2(dumpcap.exitStatus() == QProcess::NormalExit && dumpcap.exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(messages)));

    const CaptureContents contents = readCaptureFile(path);
    QVERIFY2(!contents.error, contents.error ? qPrintable(contents.error->message) : "");
    QCOMPARE(contents.nextGeneration, nextGeneration);
    QVERIFY(!contents.records.empty());

    struct Conversation {
        std::uint16_t port;
        int segments = 0, syn = 0, synAck = 0, clientFin = 0, serverFin = 0;
        bool sawRequest = false, sawReply = false;
    };
    Conversation conversations[] = {{tcp4Port}, {tcp6Port}};
    int datagrams = 0, refusedDatagrams = 0, portUnreachable = 0;
    for (const CaptureRecord &record : contents.records) {
        QCOMPARE(record.linkType, std::uint32_t{1});
        // Wall-clock timestamps: within the time the traffic took, give or take scheduling.
        QVERIFY(record.timestampNs >= startedNs - 2'000'000'000);
        QVERIFY(record.timestampNs <= finishedNs + 2'000'000'000);
        QCOMPARE(static_cast<std::uint32_t>(record.bytes.size()), record.originalLength);
        const auto segment = segmentOf(record);
        QVERIFY(segment);
        if (segment->protocol == 6) {
            for (Conversation &conversation : conversations) {
                const bool toServer = segment->destinationPort == conversation.port;
                if (!toServer && segment->sourcePort != conversation.port)
                    continue;
                QCOMPARE(segment->etherType, std::uint16_t(conversation.port == tcp4Port ? 0x0800 : 0x86dd));
                ++conversation.segments;
                if (segment->tcpFlags == kSyn && toServer)
                    ++conversation.syn;
                if (segment->tcpFlags == (kSyn | kAck) && !toServer)
                    ++conversation.synAck;
                if (segment->tcpFlags & kFin)
                    ++(toServer ? conversation.clientFin : conversation.serverFin);
                conversation.sawRequest |= toServer && segment->payload == request;
                conversation.sawReply |= !toServer && segment->payload == reply;
            }
        } else if (segment->protocol == 17 && segment->destinationPort == udpPort) {
            QCOMPARE(segment->payload, "datagram " + QByteArray::number(++datagrams));
        } else if (segment->protocol == 17 && segment->destinationPort == closedPort) {
            ++refusedDatagrams;
        } else if (segment->protocol == 1 && segment->quotedDestinationPort == closedPort) {
            ++portUnreachable;
        }
    }
    for (const Conversation &conversation : conversations) {
        const QByteArray which = "TCP port " + QByteArray::number(conversation.port);
        // Handshake, request and its ACK, reply and its ACK, a FIN each way, the last ACK: at
        // least 8 segments (acknowledgements may be combined with data or FINs).
        QVERIFY2(conversation.segments >= 8, which.constData());
        QVERIFY2(conversation.syn == 1 && conversation.synAck == 1, which.constData());
        QVERIFY2(conversation.clientFin == 1 && conversation.serverFin == 1, which.constData());
        QVERIFY2(conversation.sawRequest && conversation.sawReply, which.constData());
    }
    QCOMPARE(datagrams, 3);
    QCOMPARE(refusedDatagrams, 1);
    QCOMPARE(portUnreachable, 1);

    // Opened as the app opens it: this computer as one host, a listening socket on each TCP
    // port the test listened on, and every SYN delivered to it.
    const portlab::CaptureReplay replay = portlab::replayCapture(contents);
    QCOMPARE(replay.world->hostCount(), std::size_t{1});
    int synsToListeners = 0;
    for (const portlab::TraceEvent &event : replay.events) {
        if (event.kind != portlab::TraceKind::EnvelopeDelivered || !event.envelope)
            continue;
        const portlab::Envelope &e = *event.envelope;
        if (e.kind == portlab::EnvelopeKind::TcpSegment && e.tcpFlags == kSyn) {
            const portlab::Socket &listener = replay.world->socketAt(event.socket);
            QCOMPARE(listener.state, portlab::SocketState::Listen);
            QVERIFY(listener.local.port == tcp4Port || listener.local.port == tcp6Port);
            ++synsToListeners;
        }
    }
    QCOMPARE(synsToListeners, 2);
}

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    const QString dumpcap = QStandardPaths::findExecutable(QStringLiteral("dumpcap"));
    if (::geteuid() != 0 || dumpcap.isEmpty()) {
        const char *message = "SKIPPED: needs root and dumpcap to capture loopback traffic\n";
        std::fputs(message, stdout);
        std::fputs(message, stderr);
        return kSkipExitCode;
    }
    TestCaptureLive test(dumpcap);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_capture_live.moc"
