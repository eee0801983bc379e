// SPDX-License-Identifier: GPL-3.0-or-later
// Real captures (tests/data/captures: loopback traffic recorded here with dumpcap) replayed:
// the hosts and processes they imply, and each packet demultiplexed by the receiving host.
#include "model_test_support.h"

#include "sim/capture_replay.h"
#include "wire/arp.h"
#include "wire/capture.h"

#include <QBuffer>
#include <QFile>

using namespace portlab;

namespace {

QString fixture(const char *name)
{
    return QStringLiteral(PORTLAB_CAPTURE_DIR "/") + QLatin1String(name);
}

// The event of `kind` about the frame numbered `record`.
const TraceEvent *eventFor(const CaptureReplay &replay, std::size_t record, TraceKind kind)
{
    for (const TraceEvent &e : replay.events) {
        if (e.kind == kind && e.envelope && e.envelope->id == record)
            return &e;
    }
    return nullptr;
}

} // namespace

class TestCaptureReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackCaptureIsOneHost();
    void eachPacketGoesToItsSocket();
    void cookedCaptureIsReadFromItsNetworkLayer();
    void opaqueFramesAreListedNotDropped();
    void truncatedFileReplaysWhatItHolds();
    void replayIsDeterministic();
};

void TestCaptureReplay::loopbackCaptureIsOneHost()
{
    const CaptureReplay replay = replayCapture(wire::readCaptureFile(fixture("lo_ethernet.pcap")));
    QVERIFY(!replay.error);
    QCOMPARE(replay.frames.size(), std::size_t{23});
    QCOMPARE(replay.world->hostCount(), std::size_t{1});
    QCOMPARE(replay.world->host(0).name(), QStringLiteral("localhost"));
    for (const ReplayedFrame &frame : replay.frames)
        QVERIFY2(frame.envelope, qPrintable(frame.summary));
    // Two TCP servers (IPv4 and IPv6), the UDP server and the UDP client, two TCP clients.
    QCOMPARE(replay.world->processes().size(), std::size_t{6});
    QVERIFY(replay.notes.join(u' ').contains(QStringLiteral("one per port in use")));
}

void TestCaptureReplay::eachPacketGoesToItsSocket()
{
    const CaptureReplay replay = replayCapture(wire::readCaptureFile(fixture("lo_ethernet.pcap")));
    const World &world = *replay.world;
    const Envelope &syn = *replay.frames[0].envelope;
    QCOMPARE(syn.tcpFlags, TcpFlag::Syn);

    // The SYN goes to the listening socket.
    const TraceEvent *synDelivery = eventFor(replay, 1, TraceKind::EnvelopeDelivered);
    QVERIFY(synDelivery);
    QCOMPARE(world.socketAt(synDelivery->socket).state, SocketState::Listen);
    QCOMPARE(world.socketAt(synDelivery->socket).local, syn.destination);
    QVERIFY(synDelivery->decision);

    // The SYN-ACK goes to the client's connection, by its four-tuple.
    const TraceEvent *synAck = eventFor(replay, 2, TraceKind::EnvelopeDelivered);
    QVERIFY(synAck);
    QCOMPARE(world.socketAt(synAck->socket).local, syn.source);
    QCOMPARE(synAck->decision->reason, DemuxMatch::FourTuple);

    // The client's data goes to the accepted connection, which keeps the server's port.
    const TraceEvent *data = eventFor(replay, 4, TraceKind::EnvelopeDelivered);
    QVERIFY(data);
    QVERIFY(!replay.frames[3].envelope->payload.isEmpty());
    const Socket &accepted = world.socketAt(data->socket);
    QVERIFY(data->socket != synDelivery->socket);
    QCOMPARE(accepted.local, syn.destination);
    QCOMPARE(accepted.remote, syn.source);

    // A datagram to a port nobody holds is rejected; the ICMP message it drew finds its sender.
    const Envelope &closed = *replay.frames[21].envelope;
    QCOMPARE(closed.kind, EnvelopeKind::UdpDatagram);
    QVERIFY(eventFor(replay, 22, TraceKind::EnvelopeRejected));
    const TraceEvent *icmp = eventFor(replay, 23, TraceKind::EnvelopeDelivered);
    QVERIFY(icmp);
    QCOMPARE(replay.frames[22].envelope->kind, EnvelopeKind::IcmpPortUnreachable);
    QCOMPARE(world.socketAt(icmp->socket).local, closed.source);

    // Every packet the model reads is sent once and delivered or rejected once.
    for (const ReplayedFrame &frame : replay.frames) {
        const bool delivered = eventFor(replay, frame.recordIndex, TraceKind::EnvelopeDelivered) != nullptr;
        const bool rejected = eventFor(replay, frame.recordIndex, TraceKind::EnvelopeRejected) != nullptr;
        QVERIFY2(eventFor(replay, frame.recordIndex, TraceKind::EnvelopeSent), qPrintable(frame.summary));
        QVERIFY2(delivered != rejected, qPrintable(frame.summary));
    }
}

void TestCaptureReplay::cookedCaptureIsReadFromItsNetworkLayer()
{
    const CaptureReplay replay = replayCapture(wire::readCaptureFile(fixture("any_linux_sll2.pcapng")));
    QVERIFY(!replay.error);
    QCOMPARE(replay.frames.size(), std::size_t{23});
    const ReplayedFrame &first = replay.frames[0];
    QVERIFY(!first.ethernet);
    QCOMPARE(first.networkOffset, std::size_t{20});
    QVERIFY(first.envelope);
    QCOMPARE(first.envelope->networkOffset, std::uint16_t{20});
    const TraceEvent *delivery = eventFor(replay, 1, TraceKind::EnvelopeDelivered);
    QVERIFY(delivery);
    QCOMPARE(replay.world->socketAt(delivery->socket).state, SocketState::Listen);
}

void TestCaptureReplay::opaqueFramesAreListedNotDropped()
{
    // An ARP request, a frame of a protocol PortLab does not read, and a UDP datagram made by
    // the model, written as a capture.
    QByteArray arpFrame(static_cast<qsizetype>(wire::EthernetHeader::Size + wire::ArpPacket::Size), '\0');
    const wire::MutableBytes arpBytes(reinterpret_cast<std::uint8_t *>(arpFrame.data()), static_cast<std::size_t>(arpFrame.size()));
    wire::EthernetHeader ethernet;
    ethernet.destination = wire::MacAddress::broadcast();
    ethernet.source = {{0x02, 0, 0, 0, 0, 1}};
    ethernet.etherType = wire::EtherType::Arp;
    ethernet.emit(arpBytes);
    wire::ArpPacket arp;
    arp.senderMac = ethernet.source;
    arp.senderIp = ip(u"10.0.0.2");
    arp.targetIp = ip(u"10.0.0.1");
    arp.emit(arpBytes.subspan(wire::EthernetHeader::Size));
    QByteArray lldpFrame = QByteArray::fromHex("0180c200000e0200000000018" "8cc" "0000");

    TwoHosts net;
    const SocketId sender = net.udp(net.curl);
    TraceRecorder trace(net.world);
    CHECK_OK(net.world.sendTo(net.curl, sender, ep(u"10.0.0.1:53"), QByteArrayLiteral("query")));
    const QByteArray udpFrame = trace.sentOf(EnvelopeKind::UdpDatagram).front().envelope->frame;

    QBuffer file;
    file.open(QIODevice::WriteOnly);
    wire::PcapWriter writer(file, wire::LinkType::Ethernet);
    QVERIFY(writer.write(1'000'000'000, arpFrame));
    QVERIFY(writer.write(1'000'500'000, lldpFrame));
    QVERIFY(writer.write(1'001'000'000, udpFrame));
    const CaptureReplay replay = replayCapture(wire::readCapture(file.data()));

    QCOMPARE(replay.frames.size(), std::size_t{3});
    QVERIFY(!replay.frames[0].envelope);
    QCOMPARE(replay.frames[0].summary, QStringLiteral("ARP who has 10.0.0.1? tell 10.0.0.2"));
    QVERIFY(!replay.frames[1].envelope);
    QVERIFY2(replay.frames[1].summary.contains(QStringLiteral("0x88cc")), qPrintable(replay.frames[1].summary));
    QCOMPARE(replay.frames[1].bytes, lldpFrame);
    QVERIFY(replay.frames[2].envelope);
    QCOMPARE(replay.frames[2].time, SimTime(1000));
    QVERIFY(replay.notes.join(u' ').contains(QStringLiteral("2 of 3 frames")));
    // Hosts for the two addresses the datagram names; no socket held port 53, and nothing
    // quoted the datagram back, so port 53 gets a server socket the datagram is delivered to.
    QCOMPARE(replay.world->hostCount(), std::size_t{2});
    QVERIFY(eventFor(replay, 3, TraceKind::EnvelopeDelivered));
}

void TestCaptureReplay::truncatedFileReplaysWhatItHolds()
{
    QFile file(fixture("lo_ethernet.pcap"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray whole = file.readAll();
    const wire::CaptureContents full = wire::readCapture(whole);
    QVERIFY(full.records.size() > 5);
    // Cut inside the fifth record.
    const QByteArray cut = whole.left(static_cast<qsizetype>(full.records[4].fileOffset + 20));
    const wire::CaptureContents contents = wire::readCapture(cut);
    QVERIFY(contents.error);
    QCOMPARE(contents.error->recordIndex, std::size_t{5});
    QVERIFY2(contents.error->message.contains(QStringLiteral("record 5")), qPrintable(contents.error->message));
    const CaptureReplay replay = replayCapture(contents);
    QVERIFY(replay.error);
    QCOMPARE(replay.frames.size(), std::size_t{4});
    QVERIFY(eventFor(replay, 4, TraceKind::EnvelopeDelivered));
}

void TestCaptureReplay::replayIsDeterministic()
{
    const wire::CaptureContents capture = wire::readCaptureFile(fixture("lo_ethernet.pcapng"));
    const CaptureReplay a = replayCapture(capture);
    const CaptureReplay b = replayCapture(capture);
    QCOMPARE(a.events.size(), b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        QCOMPARE(a.events[i].kind, b.events[i].kind);
        QCOMPARE(a.events[i].socket, b.events[i].socket);
        QCOMPARE(a.events[i].time, b.events[i].time);
    }
}

QTEST_GUILESS_MAIN(TestCaptureReplay)
#include "tst_capture_replay.moc"
