// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ids.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace portlab {

// The errno values the model can return: each is <errno.h>'s name without its E (which the
// macros of that header would clash with); errnoName() gives back Linux's spelling, so a
// transcript reads like strace and the kernel comparison checks names one to one.
enum class Errno {
    Ok,
    AddrInUse,
    AddrNotAvail,
    Acces,
    Inval,
    IsConn,
    NotConn,
    ConnRefused,
    ConnReset,
    TimedOut,
    HostUnreach,
    Pipe,
    Again,
    OpNotSupp,
    NoProtoOpt,
    AfNoSupport,
    Already,
    BadF,
    MsgSize,
    DestAddrReq,
    NetUnreach,
    InProgress,
    Perm,
    Srch,
};

QString errnoName(Errno error);                       // "EADDRINUSE"
std::optional<Errno> errnoFromName(QStringView name);
QString errnoDescription(Errno error);                // strerror(): "Address already in use"
QStringList errnoNames();                             // every errno the model returns, by name

// The outcome of one system call: the errno a real kernel would return, and a sentence that
// says why in the words of this particular situation. When another socket is the reason (it
// holds the port a bind or listen wanted), `culprit` names it, so a view can point at it.
struct SysResult {
    Errno error = Errno::Ok;
    QString explanation;
    SocketId culprit = NoSocket;

    bool ok() const { return error == Errno::Ok; }
    static SysResult success(QString why = {}) { return {Errno::Ok, std::move(why)}; }
    static SysResult failure(Errno e, QString why, SocketId culprit = NoSocket) { return {e, std::move(why), culprit}; }
};

} // namespace portlab
