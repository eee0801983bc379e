// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/firewall.h"

#include <QStringList>

namespace portlab {

// `iptables HOST …`: what one invocation asks for, with the real command's options.
struct IptablesOptions {
    enum class Action : std::uint8_t { Append, Insert, Delete, Flush, Policy, List, ListRules };
    Action action = Action::List;
    FirewallTable table = FirewallTable::Filter;
    std::optional<FirewallChain> chain;   // none: every chain of the table (-F, -L, -S)
    int number = 0;                       // -I CHAIN N, -D CHAIN N; 0: none given
    FirewallRule rule;                    // -A, -I, -D by specification
    FirewallTarget policy = FirewallTarget::Accept;
    bool numeric = false;
    bool verbose = false;
    bool lineNumbers = false;
};

struct IptablesWord {
    QString text;
    int column = 0;
};

struct IptablesParseError {
    int column = 0;
    QString message;
    QString hint;
};

// Reads iptables' arguments (everything after the host's name). Refuses, with where and a
// hint, what iptables itself refuses before it changes anything, and what is not simulated.
std::optional<IptablesOptions> parseIptables(const std::vector<IptablesWord> &words, IptablesParseError *error);

struct IptablesResult {
    bool ok = true;
    QString output;    // what iptables prints (the listing, or its error message)
    QString message;   // what changed, in a sentence
};

// Runs the command on the host's firewall, as iptables 1.8.9 (nf_tables) does, and prints what
// it prints: `-L -n [-v] [--line-numbers]` and `-S` in its exact layout.
IptablesResult runIptables(Firewall &firewall, const IptablesOptions &options, const QString &hostName);

} // namespace portlab
