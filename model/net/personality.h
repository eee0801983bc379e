// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace portlab {

// What an operating system decides differently about ports. Linux is the reference the model
// is checked against; the others change only the rules written down here.
enum class PersonalityKind : std::uint8_t { Linux, Iana, Windows };

struct Personality {
    PersonalityKind kind = PersonalityKind::Linux;
    QString name;          // as written in a scenario: linux, iana, windows
    QString displayName;   // as written in prose: Linux, IANA ranges, Windows
    std::uint16_t ephemeralLow = 32768;
    std::uint16_t ephemeralHigh = 60999;
    // Ports below this need root or CAP_NET_BIND_SERVICE; 0 means no port is privileged.
    std::uint16_t unprivilegedPortStart = 1024;
    // Linux: connect() scans ports of the range's low parity first, bind(0) the other parity.
    bool splitsParity = true;
    bool hasReusePort = true;
    std::int64_t timeWaitSeconds = 60;

    static Personality forLinux();
    static Personality forIana();
    static Personality forWindows();
    static std::optional<Personality> fromName(QStringView name);
};

} // namespace portlab
