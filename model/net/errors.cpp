// SPDX-License-Identifier: GPL-3.0-or-later
#include "errors.h"

#include <array>
#include <utility>

namespace portlab {

namespace {

struct ErrnoText {
    Errno value;
    const char16_t *name;
    const char16_t *description;
};

// Descriptions are glibc's strerror() texts, so they match what `perror` prints.
constexpr std::array errnoTable{
    ErrnoText{Errno::Ok, u"OK", u"Success"},
    ErrnoText{Errno::AddrInUse, u"EADDRINUSE", u"Address already in use"},
    ErrnoText{Errno::AddrNotAvail, u"EADDRNOTAVAIL", u"Cannot assign requested address"},
    ErrnoText{Errno::Acces, u"EACCES", u"Permission denied"},
    ErrnoText{Errno::Inval, u"EINVAL", u"Invalid argument"},
    ErrnoText{Errno::IsConn, u"EISCONN", u"Transport endpoint is already connected"},
    ErrnoText{Errno::NotConn, u"ENOTCONN", u"Transport endpoint is not connected"},
    ErrnoText{Errno::ConnRefused, u"ECONNREFUSED", u"Connection refused"},
    ErrnoText{Errno::ConnReset, u"ECONNRESET", u"Connection reset by peer"},
    ErrnoText{Errno::TimedOut, u"ETIMEDOUT", u"Connection timed out"},
    ErrnoText{Errno::HostUnreach, u"EHOSTUNREACH", u"No route to host"},
    ErrnoText{Errno::Pipe, u"EPIPE", u"Broken pipe"},
    ErrnoText{Errno::Again, u"EAGAIN", u"Resource temporarily unavailable"},
    ErrnoText{Errno::OpNotSupp, u"EOPNOTSUPP", u"Operation not supported"},
    ErrnoText{Errno::NoProtoOpt, u"ENOPROTOOPT", u"Protocol not available"},
    ErrnoText{Errno::AfNoSupport, u"EAFNOSUPPORT", u"Address family not supported by protocol"},
    ErrnoText{Errno::Already, u"EALREADY", u"Operation already in progress"},
    ErrnoText{Errno::BadF, u"EBADF", u"Bad file descriptor"},
    ErrnoText{Errno::MsgSize, u"EMSGSIZE", u"Message too long"},
    ErrnoText{Errno::DestAddrReq, u"EDESTADDRREQ", u"Destination address required"},
    ErrnoText{Errno::NetUnreach, u"ENETUNREACH", u"Network is unreachable"},
    ErrnoText{Errno::InProgress, u"EINPROGRESS", u"Operation now in progress"},
    ErrnoText{Errno::Perm, u"EPERM", u"Operation not permitted"},
    ErrnoText{Errno::Srch, u"ESRCH", u"No such process"},
};

const ErrnoText &entry(Errno error)
{
    for (const auto &e : errnoTable) {
        if (e.value == error)
            return e;
    }
    return errnoTable.front();
}

} // namespace

QString errnoName(Errno error)
{
    return QString::fromUtf16(entry(error).name);
}

QStringList errnoNames()
{
    QStringList names;
    for (const auto &e : errnoTable) {
        if (e.value != Errno::Ok)
            names.append(QString::fromUtf16(e.name));
    }
    return names;
}

std::optional<Errno> errnoFromName(QStringView name)
{
    for (const auto &e : errnoTable) {
        if (name.compare(QStringView(e.name), Qt::CaseInsensitive) == 0)
            return e.value;
    }
    if (name.compare(u"EWOULDBLOCK", Qt::CaseInsensitive) == 0)
        return Errno::Again;
    return std::nullopt;
}

QString errnoDescription(Errno error)
{
    return QString::fromUtf16(entry(error).description);
}

} // namespace portlab
