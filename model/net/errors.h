// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

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
    Perm,
};

QString errnoName(Errno error);                       // "EADDRINUSE"
std::optional<Errno> errnoFromName(QStringView name);
QString errnoDescription(Errno error);                // strerror(): "Address already in use"

// The outcome of one system call: the errno a real kernel would return, and a sentence that
// says why in the words of this particular situation.
struct SysResult {
    Errno error = Errno::Ok;
    QString explanation;

    bool ok() const { return error == Errno::Ok; }
    static SysResult success(QString why = {}) { return {Errno::Ok, std::move(why)}; }
    static SysResult failure(Errno e, QString why) { return {e, std::move(why)}; }
};

} // namespace portlab
