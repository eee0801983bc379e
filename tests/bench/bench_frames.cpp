// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: real bytes cost little. Every envelope is written as a frame on its way down the
// sender's stack and parsed on its way up the receiver's, so a million connections build and
// parse three million frames; the inspector dissects one frame when a student selects it, and
// opening a capture reads every record.
//
//   Encapsulate/SYN            a SYN (20 bytes of options) from Envelope fields to frame bytes
//   Encapsulate/Data1400       a 1400-byte data segment (the checksum sums every byte)
//   Decapsulate/SYN            frame bytes back to Envelope fields, checksums verified
//   Dissect/SYN                the inspector's fields, explanations and byte ranges of a SYN
//   ReadCapture/10000          a 10,000-record pcap file in memory, parsed record by record
//
// Each runs 5 repetitions; the *_median lines are the figures in the README.
#include "bench_support.h"

#include "inspect/dissection.h"
#include "sim/encapsulation.h"
#include "wire/capture.h"

#include <QBuffer>

namespace {

using namespace portlab;
using namespace portlab::bench;

Envelope sampleSegment(std::uint8_t flags, qsizetype payloadBytes)
{
    Envelope e;
    e.kind = EnvelopeKind::TcpSegment;
    e.fromHost = 0;
    e.toHost = 1;
    e.source = {*IpAddress::parse(u"10.0.0.2"), 51000};
    e.destination = {*IpAddress::parse(u"10.0.0.1"), 443};
    e.tcpFlags = flags;
    e.sequence = 123456789;
    e.acknowledgement = (flags & TcpFlag::Ack) ? 987654321 : 0;
    e.payload = QByteArray(payloadBytes, 'x');
    e.tcp.timestamps = true;
    e.tcp.timestampValue = 1000;
    e.tcp.timestampEcho = (flags & TcpFlag::Ack) ? 2000 : 0;
    e.tcp.synOptions = (flags & TcpFlag::Syn) != 0;
    e.tcp.maximumSegmentSize = (flags & TcpFlag::Syn) ? 1460 : 0;
    e.tcp.window = (flags & TcpFlag::Syn) ? 64240 : 63;
    e.ip.identification = 4242;
    encapsulate(e, false);
    return e;
}

void encapsulateSegment(benchmark::State &state, std::uint8_t flags, qsizetype payloadBytes)
{
    Envelope e = sampleSegment(flags, payloadBytes);
    for (auto _ : state) {
        encapsulate(e, false);
        benchmark::DoNotOptimize(e.frame.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * e.frame.size());
}

void BM_EncapsulateSyn(benchmark::State &state) { encapsulateSegment(state, TcpFlag::Syn, 0); }
void BM_EncapsulateData(benchmark::State &state) { encapsulateSegment(state, TcpFlag::Psh | TcpFlag::Ack, 1400); }

void BM_DecapsulateSyn(benchmark::State &state)
{
    const Envelope sent = sampleSegment(TcpFlag::Syn, 0);
    for (auto _ : state) {
        Envelope arrived;
        arrived.frame = sent.frame;
        const auto problem = decapsulate(arrived);
        if (problem) {
            fail(state, problem->toStdString());
            return;
        }
        benchmark::DoNotOptimize(arrived.destination.port);
    }
}

void BM_DissectSyn(benchmark::State &state)
{
    const Envelope sent = sampleSegment(TcpFlag::Syn, 0);
    const wire::ByteView frame(reinterpret_cast<const std::uint8_t *>(sent.frame.constData()), static_cast<std::size_t>(sent.frame.size()));
    for (auto _ : state) {
        const Dissection d = dissectEthernetFrame(frame);
        benchmark::DoNotOptimize(d.layers.data());
    }
}

void BM_ReadCapture(benchmark::State &state)
{
    const Envelope syn = sampleSegment(TcpFlag::Syn, 0);
    const Envelope data = sampleSegment(TcpFlag::Psh | TcpFlag::Ack, 100);
    QBuffer file;
    file.open(QIODevice::WriteOnly);
    wire::PcapWriter writer(file, wire::LinkType::Ethernet);
    const auto records = state.range(0);
    for (std::int64_t i = 0; i < records; ++i)
        writer.write(i * 1000, (i % 2) ? data.frame : syn.frame);
    const QByteArray bytes = file.data();
    for (auto _ : state) {
        const wire::CaptureContents contents = wire::readCapture(bytes);
        if (contents.error || static_cast<std::int64_t>(contents.records.size()) != records) {
            fail(state, "the capture did not read back whole");
            return;
        }
        benchmark::DoNotOptimize(contents.records.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * records);
}

} // namespace

BENCHMARK(BM_EncapsulateSyn)->Name("Encapsulate/SYN")->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_EncapsulateData)->Name("Encapsulate/Data1400")->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_DecapsulateSyn)->Name("Decapsulate/SYN")->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_DissectSyn)->Name("Dissect/SYN")->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_ReadCapture)->Name("ReadCapture")->Arg(10000)->Repetitions(5)->ReportAggregatesOnly()->Unit(benchmark::kMicrosecond);

int main(int argc, char **argv)
{
    parseOptions(argc, argv);
    return runBenchmarks(argc, argv);
}
