// SPDX-License-Identifier: GPL-3.0-or-later
#include "completion.h"

#include "parser.h"

#include <QHash>

namespace portlab {

namespace {

// The names the scene has made so far, in the order it made them.
struct SceneNames {
    QStringList hosts;
    QHash<QString, QStringList> hostAddresses;   // host -> its addresses
    QStringList processes;                       // running
    QStringList exited;                          // killed: their sockets can still be looked at
    QHash<QString, QString> processHost;
    QHash<QString, QStringList> variables;       // process -> its socket variables

    explicit SceneNames(const std::vector<Statement> &scene)
    {
        for (const Statement &statement : scene) {
            if (const auto *host = std::get_if<HostDecl>(&statement.body)) {
                hosts.append(host->name.text);
                for (const IpAddress &address : host->addresses)
                    hostAddresses[host->name.text].append(address.toString());
            } else if (const auto *process = std::get_if<ProcessDecl>(&statement.body)) {
                if (exited.removeOne(process->name.text))
                    variables.remove(process->name.text);
                processes.append(process->name.text);
                processHost.insert(process->name.text, process->host.text);
            } else if (const auto *kill = std::get_if<Kill>(&statement.body); kill && processes.removeOne(kill->process.text)) {
                exited.append(kill->process.text);
            } else if (const auto *call = std::get_if<Call>(&statement.body); call && call->assignTo) {
                addVariable(call->process.text, call->assignTo->text);
            } else if (const auto *nc = std::get_if<NcCommand>(&statement.body); nc && nc->assignTo) {
                addVariable(nc->process.text, nc->assignTo->text);
            }
        }
    }

    void addVariable(const QString &process, const QString &variable)
    {
        QStringList &names = variables[process];
        if (!names.contains(variable))
            names.append(variable);
    }

    QStringList allAddresses() const
    {
        QStringList all;
        for (const QString &host : hosts)
            all.append(hostAddresses.value(host));
        return all;
    }

    // PROCESS.VARIABLE for every socket, and VARIABLE alone where only one process has it.
    QStringList socketRefs() const
    {
        QStringList refs;
        QHash<QString, int> owners;
        for (const QString &process : processes + exited) {
            for (const QString &variable : variables.value(process)) {
                refs.append(process + u'.' + variable);
                ++owners[variable];
            }
        }
        for (auto it = owners.cbegin(); it != owners.cend(); ++it) {
            if (it.value() == 1)
                refs.append(it.key());
        }
        return refs;
    }
};

struct Candidates {
    QStringList words;
    bool spaceAfter = true;   // false where the word goes on (an address wants its port)
};

QStringList withSuffix(const QStringList &words, const QString &suffix)
{
    QStringList suffixed;
    for (const QString &word : words)
        suffixed.append(word + suffix);
    return suffixed;
}

// Addresses as an endpoint starts: "10.0.0.1:", "[2001:db8::1]:"; the port follows.
QStringList endpointStarts(const QStringList &addresses)
{
    QStringList starts;
    for (const QString &address : addresses)
        starts.append(address.contains(u':') ? QStringLiteral("[%1]:").arg(address) : address + u':');
    return starts;
}

Candidates forProcessCall(const SceneNames &names, const QString &process, const QStringList &rest)
{
    if (rest.isEmpty())
        return {processCommands()};
    const bool assigns = rest.size() >= 2 && rest[1] == u"=";
    if (rest.size() == 2 && assigns)
        return {{QStringLiteral("socket"), QStringLiteral("accept"), QStringLiteral("nc")}};
    const qsizetype verbAt = assigns ? 2 : 0;
    const QString &verb = rest[verbAt];
    const qsizetype argument = rest.size() - verbAt - 1;   // which of the verb's words is being typed
    if (verb == u"socket")
        return {argument == 0 ? QStringList{QStringLiteral("tcp"), QStringLiteral("udp"), QStringLiteral("tcp6"), QStringLiteral("udp6")} : QStringList{}};
    if (verb == u"nc") {
        // After an address and a port comes what is typed into a connecting nc.
        const bool afterPort = argument >= 2 && IpAddress::parse(rest[rest.size() - 2]) && rest.last().toUInt() > 0;
        if (afterPort)
            return {{QStringLiteral("send")}};
        return {QStringList{QStringLiteral("-v"), QStringLiteral("-l"), QStringLiteral("-u"), QStringLiteral("-k"), QStringLiteral("-n"), QStringLiteral("-z")}
                + names.allAddresses()};
    }
    if (verb == u"nmap")
        return {QStringList{QStringLiteral("-sT"), QStringLiteral("-sU"), QStringLiteral("-p"), QStringLiteral("-Pn"), QStringLiteral("-n")} + names.allAddresses()};
    if (argument == 0)
        return {names.variables.value(process)};
    if (argument == 1) {
        if (verb == u"setsockopt") {
            QStringList options;
            for (const SocketOption option : allSocketOptions)
                options.append(socketOptionName(option));
            return {options};
        }
        if (verb == u"shutdown")
            return {{QStringLiteral("rd"), QStringLiteral("wr"), QStringLiteral("rdwr")}};
        if (verb == u"bind") {
            // The wildcards and loopback first: what a server binds most.
            const QStringList addresses = QStringList{QStringLiteral("0.0.0.0"), QStringLiteral("::"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")}
                + names.hostAddresses.value(names.processHost.value(process));
            return {endpointStarts(addresses), false};
        }
        if (verb == u"connect" || verb == u"sendto")
            return {endpointStarts(names.allAddresses() + QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("::1")}), false};
    }
    if (argument == 2 && verb == u"setsockopt")
        return {{QStringLiteral("1"), QStringLiteral("0")}};
    return {};
}

Candidates forExpect(const SceneNames &names, const QStringList &before)
{
    if (before.size() == 1) {
        return {QStringList{QStringLiteral("ok"), QStringLiteral("error"), QStringLiteral("received"), QStringLiteral("delivered"), QStringLiteral("reply")}
                + names.socketRefs()};
    }
    const QString &what = before[1];
    if (before.size() == 2) {
        if (what == u"error")
            return {errnoNames()};
        if (what == u"delivered")
            return {names.socketRefs()};
        if (what == u"reply")
            return {{QStringLiteral("rst"), QStringLiteral("icmp")}};
        if (what == u"ok" || what == u"received")
            return {};
        return {{QStringLiteral("local"), QStringLiteral("remote"), QStringLiteral("port"), QStringLiteral("state")}};
    }
    if (before.size() == 3 && before[2] == u"port")
        return {{QStringLiteral("even"), QStringLiteral("odd"), QStringLiteral("same"), QStringLiteral("differs")}};
    if (before.size() == 3 && before[2] == u"state")
        return {{QStringLiteral("LISTEN"), QStringLiteral("ESTABLISHED"), QStringLiteral("TIME_WAIT"), QStringLiteral("CLOSE_WAIT"), QStringLiteral("CLOSED")}};
    if (before.size() == 4 && (before[3] == u"same" || before[3] == u"differs"))
        return {names.socketRefs()};
    return {};
}

Candidates candidatesAt(const SceneNames &names, const QStringList &before)
{
    if (before.isEmpty())
        return {statementKeywords() + withSuffix(names.processes, QStringLiteral(":"))};
    const QString &first = before.front();
    if (first.endsWith(u':'))
        return forProcessCall(names, first.chopped(1), before.mid(1));
    if (first == u"expect")
        return forExpect(names, before);
    if ((first == u"ss" || first == u"netstat" || first == u"lsof" || first == u"sysctl") && before.size() == 1)
        return {names.hosts};
    if (first == u"sysctl" && before.size() == 2)
        return {sysctlSettings()};
    if (first == u"kill" && (before.size() == 1 || (before.size() == 2 && before[1].startsWith(u'-'))))
        return {before.size() == 1 ? QStringList{QStringLiteral("-KILL")} + names.processes : names.processes};
    if (first == u"process") {
        if (before.size() == 2)
            return {{QStringLiteral("on")}};
        if (before.size() == 3)
            return {names.hosts};
        if (before.last() == u"cap")
            return {{QStringLiteral("net_bind_service")}};
        if (before.size() >= 4 && before.last() != u"user")
            return {{QStringLiteral("user"), QStringLiteral("cap")}};
    }
    if (first == u"host" && before.size() >= 3 && before.last() == u"os")
        return {{QStringLiteral("linux"), QStringLiteral("iana"), QStringLiteral("windows")}};
    return {};
}

QString sharedPrefix(const QStringList &words)
{
    QString prefix = words.front();
    for (const QString &word : words) {
        qsizetype same = 0;
        while (same < prefix.size() && same < word.size() && prefix[same] == word[same])
            ++same;
        prefix.truncate(same);
    }
    return prefix;
}

} // namespace

Completion completeLine(const std::vector<Statement> &scene, const QString &line, int cursor)
{
    cursor = std::clamp(cursor, 0, static_cast<int>(line.size()));
    Completion result{line, cursor, {}};
    const QString head = line.left(cursor);
    // Inside a quoted string there is nothing to complete: it is data.
    if (head.count(u'"') % 2 == 1)
        return result;
    const qsizetype wordStart = head.lastIndexOf(QChar(u' ')) + 1;
    const QString word = head.mid(wordStart);
    const QStringList before = head.left(wordStart).split(u' ', Qt::SkipEmptyParts);

    const Candidates candidates = candidatesAt(SceneNames(scene), before);
    QStringList fitting;
    for (const QString &candidate : candidates.words) {
        if (candidate.startsWith(word) && !fitting.contains(candidate))
            fitting.append(candidate);
    }
    if (fitting.isEmpty())
        return result;
    QString completed = sharedPrefix(fitting);
    if (fitting.size() == 1 && candidates.spaceAfter && !line.mid(cursor).startsWith(u' '))
        completed += u' ';
    else if (fitting.size() > 1)
        result.candidates = fitting;
    result.line = head.left(wordStart) + completed + line.mid(cursor);
    result.cursor = static_cast<int>(wordStart + completed.size());
    return result;
}

} // namespace portlab
