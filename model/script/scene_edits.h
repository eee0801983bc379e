// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Edits of a scene as a whole, where clicking on the stage changes what the scene already says
// instead of adding a statement: a host taken away with everything said about it, or a host's
// declaration rewritten for another operating system. The console records the edited scene
// again, so what the edit changed shows in every statement that now answers differently.

#include "statement.h"

#include <optional>
#include <vector>

namespace portlab {

// The statements (indexes into `scene`, ascending) that go with host `host`: its declaration;
// every statement that names the host (sysctl, ss, netstat, lsof, iptables, knockd) or one of
// its processes (their declarations, calls, scans, kills, and expectations about their
// sockets); an expectation that checked a statement removed; and any statement that would no
// longer pass the name check without them. What only reaches the host's address (a client's
// connect) stays: without the host it fails as it would on a network that has no such host.
// Empty when no host of that name is declared.
std::vector<std::size_t> statementsAboutHost(const std::vector<Statement> &scene, const QString &host);

// Host `host`'s declaration, rewritten to run `os` (`linux`, `iana`, `windows`): where it is
// in `scene`, and the statement as if typed so. Nothing when there is no such declaration, the
// OS is unknown, or the host already runs it.
struct Rewrite {
    std::size_t index = 0;
    Statement statement;
};
std::optional<Rewrite> declarationWithOs(const std::vector<Statement> &scene, const QString &host, const QString &os);

} // namespace portlab
