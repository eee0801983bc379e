// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "helper_protocol.h"
#include "run_control.h"
#include "unique_fd.h"

#include <QByteArray>
#include <QString>

#include <sys/types.h>

namespace portlab::kernel {

// Who a helper process is: the scenario's process, on which host, as which user.
struct HelperIdentity {
    QString processName;        // becomes the process's command name, so `ss -p` shows it
    int namespaceFd = -1;       // the host's network namespace
    unsigned uid = 0;           // 0 is root; anything else drops every privilege
    bool keepBindCapability = false;   // `cap net_bind_service`: keep CAP_NET_BIND_SERVICE only
    // In a user namespace with one user: stay uid 0 there but give up every capability (but
    // CAP_NET_BIND_SERVICE, if kept), which is what an ordinary user is to the kernel's checks.
    bool dropCapabilitiesOnly = false;
};

// One scenario process as a real process: a forked child that enters its host's network
// namespace, becomes the scenario's user, and makes the socket calls the controller sends it
// over a socketpair. The child dies with the controller (PR_SET_PDEATHSIG) and is killed and
// reaped when this object goes away.
class SocketHelper {
public:
    SocketHelper(const HelperIdentity &identity, RunControl &control);
    ~SocketHelper();
    SocketHelper(const SocketHelper &) = delete;
    SocketHelper &operator=(const SocketHelper &) = delete;

    struct Answer {
        HelperReply reply;
        QByteArray data;
    };
    // Throws RunAborted when the helper does not answer in time or has died.
    Answer call(const HelperRequest &request, const QByteArray &data = {});
    pid_t pid() const { return m_pid; }
    // kill(2) with `signal` (the helper catches none), then waits for the exit: 0, or the
    // errno kill() gave. Once reaped its pid is no longer its own (another process may have
    // it), so a helper already gone is not signalled again and answers ESRCH, as kill(2) did.
    int endWith(int signal);

private:
    RunControl &m_control;
    QString m_name;
    UniqueFd m_channel;
    pid_t m_pid = -1;
};

} // namespace portlab::kernel
