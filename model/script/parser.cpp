// SPDX-License-Identifier: GPL-3.0-or-later
#include "parser.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <array>

namespace portlab {

namespace {

const QString statementKinds = QStringLiteral("host, process, sysctl, wait, kill, ss, netstat, lsof, iptables, knockd, services, expect, or PROCESS: CALL (a system call, nc or nmap)");

struct VerbInfo {
    Verb verb;
    const char16_t *name;
    const char16_t *usage;
};

constexpr std::array verbs{
    VerbInfo{Verb::Socket, u"socket", u"VAR = socket tcp|udp|tcp6|udp6"},
    VerbInfo{Verb::Setsockopt, u"setsockopt", u"setsockopt VAR SO_REUSEADDR|SO_REUSEPORT|IPV6_V6ONLY 0|1"},
    VerbInfo{Verb::Bind, u"bind", u"bind VAR ADDRESS:PORT"},
    VerbInfo{Verb::Listen, u"listen", u"listen VAR [BACKLOG]"},
    VerbInfo{Verb::Connect, u"connect", u"connect VAR ADDRESS:PORT"},
    VerbInfo{Verb::Accept, u"accept", u"NEWVAR = accept VAR"},
    VerbInfo{Verb::Send, u"send", u"send VAR \"DATA\""},
    VerbInfo{Verb::Sendto, u"sendto", u"sendto VAR ADDRESS:PORT \"DATA\""},
    VerbInfo{Verb::Recv, u"recv", u"recv VAR"},
    VerbInfo{Verb::Shutdown, u"shutdown", u"shutdown VAR rd|wr|rdwr"},
    VerbInfo{Verb::Close, u"close", u"close VAR"},
    VerbInfo{Verb::Getsockname, u"getsockname", u"getsockname VAR"},
    VerbInfo{Verb::Getpeername, u"getpeername", u"getpeername VAR"},
};

const VerbInfo *findVerb(QStringView name)
{
    for (const auto &v : verbs) {
        if (name == QStringView(v.name))
            return &v;
    }
    return nullptr;
}

bool isName(QStringView text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*$"));
    return pattern.match(text).hasMatch();
}

std::optional<SocketState> stateFromName(QString name)
{
    name = name.toUpper().replace(u'-', u'_');
    struct Alias { const char16_t *name; SocketState state; };
    static constexpr std::array aliases{
        Alias{u"CLOSED", SocketState::Closed}, Alias{u"CLOSE", SocketState::Closed}, Alias{u"UNCONN", SocketState::Closed},
        Alias{u"LISTEN", SocketState::Listen}, Alias{u"SYN_SENT", SocketState::SynSent},
        Alias{u"SYN_RECV", SocketState::SynReceived}, Alias{u"ESTABLISHED", SocketState::Established},
        Alias{u"ESTAB", SocketState::Established}, Alias{u"FIN_WAIT1", SocketState::FinWait1},
        Alias{u"FIN_WAIT_1", SocketState::FinWait1}, Alias{u"FIN_WAIT2", SocketState::FinWait2},
        Alias{u"FIN_WAIT_2", SocketState::FinWait2}, Alias{u"CLOSE_WAIT", SocketState::CloseWait},
        Alias{u"CLOSING", SocketState::Closing}, Alias{u"LAST_ACK", SocketState::LastAck},
        Alias{u"TIME_WAIT", SocketState::TimeWait},
    };
    for (const auto &a : aliases) {
        if (name == QStringView(a.name))
            return a.state;
    }
    return std::nullopt;
}

// Reads one line's tokens left to right; every failure records where and how to fix it.
class LineParser {
public:
    LineParser(const LexedLine &line, int lineNumber, Diagnostic *error)
        : m_tokens(line.tokens), m_line(lineNumber), m_error(error) {}

    std::optional<StatementBody> parse();

    // The words a statement can start with, and what reads the rest of it.
    struct Keyword {
        const char16_t *name;
        std::optional<StatementBody> (LineParser::*parse)();
    };
    static const std::array<Keyword, 12> keywords;

private:
    bool atEnd() const { return m_next >= m_tokens.size(); }
    const Token &peek() const { return m_tokens[m_next]; }
    int endColumn() const
    {
        if (m_tokens.empty())
            return 1;
        const Token &last = m_tokens.back();
        return last.column + static_cast<int>(last.text.size()) + (last.kind == Token::Kind::String ? 2 : 0);
    }
    bool fail(int column, const QString &message, const QString &hint = {})
    {
        m_error->line = m_line;
        m_error->column = column;
        m_error->message = message;
        m_error->hint = hint;
        return false;
    }
    bool failHere(const QString &message, const QString &hint = {})
    {
        return fail(atEnd() ? endColumn() : peek().column, message, hint);
    }
    bool word(QString *out, const QString &what, const QString &hint = {})
    {
        if (atEnd())
            return failHere(QStringLiteral("expected %1 here, but the line ends").arg(what), hint);
        if (peek().kind != Token::Kind::Word)
            return failHere(QStringLiteral("expected %1, not a quoted string").arg(what), hint);
        *out = m_tokens[m_next++].text;
        return true;
    }
    bool keyword(QStringView expected, const QString &hint = {})
    {
        if (!atEnd() && peek().kind == Token::Kind::Word && peek().text == expected) {
            ++m_next;
            return true;
        }
        return failHere(atEnd() ? QStringLiteral("expected '%1' here, but the line ends").arg(expected)
                                : QStringLiteral("expected '%1', found '%2'").arg(expected, peek().text), hint);
    }
    bool name(Name *out, const QString &what)
    {
        const int column = atEnd() ? endColumn() : peek().column;
        QString text;
        if (!word(&text, what))
            return false;
        if (!isName(text)) {
            return fail(column, QStringLiteral("'%1' is not a valid %2").arg(text, what),
                        QStringLiteral("names start with a letter or _ and hold letters, digits, _ and -"));
        }
        *out = {text, column};
        return true;
    }
    bool number(int *out, const QString &what, int low, int high)
    {
        const int column = atEnd() ? endColumn() : peek().column;
        QString text;
        if (!word(&text, what))
            return false;
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok)
            return fail(column, QStringLiteral("expected %1 (a number), found '%2'").arg(what, text));
        if (value < low || value > high)
            return fail(column, QStringLiteral("%1 must be between %2 and %3, not %4").arg(what).arg(low).arg(high).arg(value));
        *out = value;
        return true;
    }
    bool endpoint(Endpoint *out)
    {
        const int column = atEnd() ? endColumn() : peek().column;
        QString text;
        if (!word(&text, QStringLiteral("an address and port"), QStringLiteral("like 10.0.0.1:80 or [::1]:80")))
            return false;
        const auto parsed = Endpoint::parse(text);
        if (!parsed) {
            const bool bareV6 = !text.startsWith(u'[') && text.count(u':') > 1;
            QString hint = QStringLiteral("write ADDRESS:PORT, like 10.0.0.1:80 or [::1]:80 (ports 0-65535)");
            const auto colon = text.lastIndexOf(u']') >= 0 ? text.indexOf(u':', text.lastIndexOf(u']')) : text.lastIndexOf(u':');
            bool portOk = false;
            const uint port = colon >= 0 ? QStringView(text).mid(colon + 1).toUInt(&portOk) : 0;
            if (bareV6)
                hint = QStringLiteral("an IPv6 address with a port goes in brackets: [%1]:PORT").arg(text.section(u':', 0, -2));
            else if (colon >= 0 && portOk && port <= 65535)
                hint = QStringLiteral("%1 is not an IP address: IPv4 is four numbers 0-255, like 10.0.0.1").arg(text.left(colon));
            else if (colon >= 0 && portOk)
                hint = QStringLiteral("a port is a 16-bit number, 0-65535; %1 is too large").arg(port);
            return fail(column, QStringLiteral("'%1' is not an address and port").arg(text), hint);
        }
        *out = *parsed;
        return true;
    }
    bool data(QByteArray *out)
    {
        if (atEnd())
            return failHere(QStringLiteral("expected the data to send, in quotes"), QStringLiteral("like \"GET / HTTP/1.1\\r\\n\""));
        if (peek().kind != Token::Kind::String)
            return failHere(QStringLiteral("expected the data in quotes, found '%1'").arg(peek().text), QStringLiteral("like \"hello\""));
        *out = m_tokens[m_next++].bytes;
        return true;
    }
    bool socketRef(SocketRef *out)
    {
        const int column = atEnd() ? endColumn() : peek().column;
        QString text;
        if (!word(&text, QStringLiteral("a socket (PROCESS.VARIABLE)")))
            return false;
        const auto dot = text.indexOf(u'.');
        if (dot < 0) {
            if (!isName(text))
                return fail(column, QStringLiteral("'%1' is not a socket name").arg(text), QStringLiteral("write PROCESS.VARIABLE, like nginx.s"));
            out->process.reset();
            out->variable = {text, column};
            return true;
        }
        const QString process = text.left(dot);
        const QString variable = text.mid(dot + 1);
        if (!isName(process) || !isName(variable))
            return fail(column, QStringLiteral("'%1' is not a socket name").arg(text), QStringLiteral("write PROCESS.VARIABLE, like nginx.s"));
        out->process = Name{process, column};
        out->variable = {variable, column + static_cast<int>(dot) + 1};
        return true;
    }
    bool finish()
    {
        if (!atEnd())
            return failHere(QStringLiteral("unexpected '%1' at the end of the statement").arg(peek().text));
        return true;
    }

    std::optional<StatementBody> host();
    std::optional<StatementBody> process();
    std::optional<StatementBody> sysctl();
    std::optional<StatementBody> wait();
    bool duration(SimTime *out);
    std::optional<StatementBody> kill();
    std::optional<StatementBody> knockd();
    std::optional<StatementBody> ss();
    std::optional<StatementBody> netstat();
    std::optional<StatementBody> lsof();
    bool socketTableFlags(const QString &tool, SsOptions *options, int *firstFlagColumn);
    std::optional<StatementBody> iptables();
    std::optional<StatementBody> services();
    std::optional<StatementBody> expect();
    std::optional<StatementBody> call();
    std::optional<StatementBody> callWithUsage();
    std::optional<StatementBody> nc(const Name &process, const std::optional<Name> &assignTo);
    bool ncPort(NcOptions *options, const QString &usage);
    std::optional<StatementBody> nmap(const Name &process);
    bool nmapPorts(const QString &text, int column, NmapOptions *options);
    bool pattern(EndpointPattern *out);

    const std::vector<Token> &m_tokens;
    std::size_t m_next = 0;
    int m_line;
    Diagnostic *m_error;
    QString m_usage;
};

const std::array<LineParser::Keyword, 12> LineParser::keywords{{
    {u"host", &LineParser::host},
    {u"process", &LineParser::process},
    {u"sysctl", &LineParser::sysctl},
    {u"wait", &LineParser::wait},
    {u"kill", &LineParser::kill},
    {u"ss", &LineParser::ss},
    {u"netstat", &LineParser::netstat},
    {u"lsof", &LineParser::lsof},
    {u"iptables", &LineParser::iptables},
    {u"knockd", &LineParser::knockd},
    {u"services", &LineParser::services},
    {u"expect", &LineParser::expect},
}};

std::optional<StatementBody> LineParser::parse()
{
    const Token &first = peek();
    if (first.kind == Token::Kind::Word) {
        for (const Keyword &keyword : keywords) {
            if (first.text == QStringView(keyword.name))
                return ++m_next, (this->*keyword.parse)();
        }
        if (first.text.endsWith(u':') && first.text.size() > 1)
            return callWithUsage();
        if (first.text == u"nc" || first.text == u"nmap") {
            fail(first.column, QStringLiteral("%1 is a program, and a process must run it").arg(first.text),
                 first.text == u"nc" ? QStringLiteral("name the process first, like: scanner: nc -z -v 10.0.0.1 22")
                                     : QStringLiteral("name the process first, like: scanner: nmap -sT -p 22,80 10.0.0.1"));
            return std::nullopt;
        }
        if (findVerb(first.text)) {
            fail(first.column, QStringLiteral("'%1' is a system call, and a process must make it").arg(first.text),
                 QStringLiteral("name the process first, like: nginx: %1 …").arg(first.text));
            return std::nullopt;
        }
    }
    fail(first.column, QStringLiteral("unknown statement '%1'").arg(first.text),
         QStringLiteral("a statement starts with %1").arg(statementKinds));
    return std::nullopt;
}

std::optional<StatementBody> LineParser::host()
{
    HostDecl decl;
    if (!name(&decl.name, QStringLiteral("host name")))
        return std::nullopt;
    while (!atEnd() && peek().text != u"os") {
        const int column = peek().column;
        QString text;
        word(&text, QStringLiteral("an address"));
        const auto address = IpAddress::parse(text);
        if (!address) {
            fail(column, QStringLiteral("'%1' is not an IPv4 or IPv6 address").arg(text),
                 QStringLiteral("like 192.168.1.10 or 2001:db8::10 (no port, no brackets)"));
            return std::nullopt;
        }
        decl.addresses.push_back(*address);
        decl.addressColumns.push_back(column);
    }
    if (decl.addresses.empty()) {
        failHere(QStringLiteral("a host needs at least one address"), QStringLiteral("like: host %1 192.168.1.10").arg(decl.name.text));
        return std::nullopt;
    }
    if (!atEnd()) {
        keyword(u"os");
        const int column = atEnd() ? endColumn() : peek().column;
        QString os;
        if (!word(&os, QStringLiteral("an operating system"), QStringLiteral("linux, iana or windows")))
            return std::nullopt;
        const auto personality = Personality::fromName(os);
        if (!personality) {
            fail(column, QStringLiteral("unknown operating system '%1'").arg(os), QStringLiteral("linux, iana or windows"));
            return std::nullopt;
        }
        decl.personality = *personality;
    }
    if (!finish())
        return std::nullopt;
    return decl;
}

std::optional<StatementBody> LineParser::process()
{
    ProcessDecl decl;
    decl.user = QStringLiteral("user");
    if (!name(&decl.name, QStringLiteral("process name")) || !keyword(u"on", QStringLiteral("like: process nginx on server user root"))
        || !name(&decl.host, QStringLiteral("host name")))
        return std::nullopt;
    while (!atEnd()) {
        QString option;
        const int column = peek().column;
        word(&option, QStringLiteral("user or cap"));
        if (option == u"user") {
            Name user;
            if (!name(&user, QStringLiteral("user name")))
                return std::nullopt;
            decl.user = user.text;
        } else if (option == u"cap") {
            QString capability;
            if (!word(&capability, QStringLiteral("a capability"), QStringLiteral("cap net_bind_service")))
                return std::nullopt;
            if (capability.compare(u"net_bind_service", Qt::CaseInsensitive) != 0
                && capability.compare(u"CAP_NET_BIND_SERVICE", Qt::CaseInsensitive) != 0) {
                fail(column + 4, QStringLiteral("unknown capability '%1'").arg(capability),
                     QStringLiteral("the only capability about ports is net_bind_service"));
                return std::nullopt;
            }
            decl.canBindPrivileged = true;
        } else {
            fail(column, QStringLiteral("unexpected '%1'").arg(option), QStringLiteral("a process takes 'user NAME' and 'cap net_bind_service'"));
            return std::nullopt;
        }
    }
    return decl;
}

namespace {
// The settings written as one number: name under net.ipv4, what the number means, its range.
struct SingleNumberSetting {
    QStringView name;
    SysctlKey key;
    QStringView meaning;
    int low;
    int high;
};
constexpr SingleNumberSetting singleNumberSettings[] = {
    {u"ip_unprivileged_port_start", SysctlKey::UnprivilegedPortStart, u"the first unprivileged port", 0, 65535},
    {u"tcp_tw_reuse", SysctlKey::TcpTwReuse, u"tcp_tw_reuse (0 never, 1 always, 2 loopback only)", 0, 2},
    {u"tcp_syn_retries", SysctlKey::TcpSynRetries, u"how many times a SYN is sent again", 1, 127},
    {u"tcp_syn_linear_timeouts", SysctlKey::TcpSynLinearTimeouts, u"how many SYN retries come a second apart", 0, 127},
    {u"ip_forward", SysctlKey::IpForward, u"ip_forward (0 or 1)", 0, 1},
};
} // namespace

std::optional<StatementBody> LineParser::sysctl()
{
    SysctlSet set;
    if (!name(&set.host, QStringLiteral("host name")))
        return std::nullopt;
    const int keyColumn = atEnd() ? endColumn() : peek().column;
    QString key;
    if (!word(&key, QStringLiteral("a setting")))
        return std::nullopt;
    if (key.startsWith(u"net.ipv4."))
        key = key.mid(9);
    const QStringList settings = sysctlSettings();
    const QString keys = settings.mid(0, settings.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + settings.back();
    if (key == u"ip_local_port_range") {
        set.key = SysctlKey::PortRange;
        if (!number(&set.low, QStringLiteral("the range's first port"), 1, 65535) || !number(&set.high, QStringLiteral("the range's last port"), 1, 65535))
            return std::nullopt;
        if (set.low > set.high) {
            fail(keyColumn, QStringLiteral("the range %1-%2 is backwards").arg(set.low).arg(set.high), QStringLiteral("write the lower port first"));
            return std::nullopt;
        }
    } else if (const auto setting = std::ranges::find(singleNumberSettings, key, &SingleNumberSetting::name);
               setting != std::ranges::end(singleNumberSettings)) {
        set.key = setting->key;
        if (!number(&set.low, setting->meaning.toString(), setting->low, setting->high))
            return std::nullopt;
    } else if (key == u"ip_local_reserved_ports") {
        set.key = SysctlKey::ReservedPorts;
        const int column = atEnd() ? endColumn() : peek().column;
        QString list;
        if (!word(&list, QStringLiteral("a list of ports"), QStringLiteral("like 8080,9000-9010")))
            return std::nullopt;
        for (const QString &part : list.split(u',', Qt::SkipEmptyParts)) {
            const auto bounds = part.split(u'-');
            bool okLow = false;
            bool okHigh = true;
            const int low = bounds[0].toInt(&okLow);
            const int high = bounds.size() == 2 ? bounds[1].toInt(&okHigh) : low;
            if (bounds.size() > 2 || !okLow || !okHigh || low < 1 || high > 65535 || low > high) {
                fail(column, QStringLiteral("'%1' is not a port or port range").arg(part), QStringLiteral("like 8080,9000-9010"));
                return std::nullopt;
            }
            set.ranges.emplace_back(low, high);
        }
    } else {
        fail(keyColumn, QStringLiteral("unknown setting '%1'").arg(key), QStringLiteral("known settings: %1").arg(keys));
        return std::nullopt;
    }
    if (!finish())
        return std::nullopt;
    return set;
}

bool LineParser::duration(SimTime *out)
{
    const int column = atEnd() ? endColumn() : peek().column;
    QString text;
    if (!word(&text, QStringLiteral("a duration"), QStringLiteral("like 60s, 500ms or 2m")))
        return false;
    static const QRegularExpression pattern(QStringLiteral("^([0-9]+)(us|ms|s|m)$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return fail(column, QStringLiteral("'%1' is not a duration").arg(text), QStringLiteral("a whole number and a unit: us, ms, s or m (60s, 500ms, 2m)"));
    const qint64 amount = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    const qint64 factor = unit == u"us" ? 1 : unit == u"ms" ? 1000 : unit == u"s" ? 1000000 : 60000000;
    if (amount > 86400LL * 1000000 / factor)
        return fail(column, QStringLiteral("durations are limited to one day"));
    *out = SimTime(amount * factor);
    return true;
}

std::optional<StatementBody> LineParser::wait()
{
    Wait wait;
    if (!duration(&wait.duration) || !finish())
        return std::nullopt;
    return wait;
}

std::optional<StatementBody> LineParser::kill()
{
    Kill kill;
    if (!atEnd() && peek().text.startsWith(u'-')) {
        const QString signal = peek().text.mid(1);
        kill.sigkill = signal == u"KILL" || signal == u"9" || signal == u"SIGKILL";
        if (!kill.sigkill && signal != u"TERM" && signal != u"15" && signal != u"SIGTERM") {
            fail(peek().column, QStringLiteral("unknown signal '%1'").arg(peek().text),
                 QStringLiteral("-TERM (the default) or -KILL, like: kill -KILL nginx"));
            return std::nullopt;
        }
        ++m_next;
    }
    if (!name(&kill.process, QStringLiteral("process name")) || !finish())
        return std::nullopt;
    return kill;
}

// The letters ss and netstat share (-t -u -l -a -n -p), in any grouping: -tlnp, -t -l.
// Neither -t nor -u means both, as it does for ss.
bool LineParser::socketTableFlags(const QString &tool, SsOptions *options, int *firstFlagColumn)
{
    *firstFlagColumn = atEnd() ? endColumn() : peek().column;
    while (!atEnd()) {
        const Token &flagToken = peek();
        QString flags;
        word(&flags, QStringLiteral("options"));
        if (!flags.startsWith(u'-') || flags.size() < 2)
            return fail(flagToken.column, QStringLiteral("'%1' is not an option of %2").arg(flags, tool), QStringLiteral("options look like -tlnp"));
        for (qsizetype i = 1; i < flags.size(); ++i) {
            switch (flags[i].unicode()) {
            case u't': options->tcp = true; break;
            case u'u': options->udp = true; break;
            case u'l': options->listening = true; break;
            case u'a': options->all = true; break;
            case u'n': options->numeric = true; break;
            case u'p': options->processes = true; break;
            default:
                return fail(flagToken.column + static_cast<int>(i), QStringLiteral("%1 option -%2 is not simulated").arg(tool, flags[i]),
                            QStringLiteral("known options: -t -u -l -a -n -p"));
            }
        }
    }
    if (!options->tcp && !options->udp)
        options->tcp = options->udp = true;
    return true;
}

std::optional<StatementBody> LineParser::ss()
{
    SsCommand command;
    int flagsColumn = 0;
    if (!name(&command.host, QStringLiteral("host name")) || !socketTableFlags(QStringLiteral("ss"), &command.options, &flagsColumn))
        return std::nullopt;
    return command;
}

std::optional<StatementBody> LineParser::netstat()
{
    NetstatCommand command;
    int flagsColumn = 0;
    if (!name(&command.host, QStringLiteral("host name")) || !socketTableFlags(QStringLiteral("netstat"), &command.options, &flagsColumn))
        return std::nullopt;
    // Without -n netstat looks every address up in DNS and /etc/hosts ("localhost"); the
    // simulated hosts have no such names, so it would print something made up.
    if (!command.options.numeric) {
        fail(flagsColumn, QStringLiteral("netstat without -n prints host and service names, which are not simulated"),
             QStringLiteral("add -n, like: netstat %1 -tan").arg(command.host.text));
        return std::nullopt;
    }
    return command;
}

std::optional<StatementBody> LineParser::lsof()
{
    LsofCommand command;
    if (!name(&command.host, QStringLiteral("host name")))
        return std::nullopt;
    const int optionsColumn = atEnd() ? endColumn() : peek().column;
    const QString usage = QStringLiteral("like: lsof %1 -nP -i :80").arg(command.host.text);
    bool internet = false;
    bool numericHosts = false;
    bool numericPorts = false;
    // The port may follow -i in the same word (-i:80) or as the next one (-i :80).
    auto takePort = [&](const QString &text, int column) {
        bool ok = false;
        const int port = text.mid(1).toInt(&ok);
        if (!text.startsWith(u':') || !ok || port < 1 || port > 65535)
            return fail(column, QStringLiteral("'%1' is not a port selection").arg(text),
                        QStringLiteral("a colon and a port number, like -i :80 (addresses and protocols are not simulated)"));
        command.options.port = static_cast<std::uint16_t>(port);
        return true;
    };
    while (!atEnd()) {
        const Token &token = peek();
        QString text;
        word(&text, QStringLiteral("options"));
        if (internet && !command.options.port && text.startsWith(u':')) {
            if (!takePort(text, token.column))
                return std::nullopt;
            continue;
        }
        if (!text.startsWith(u'-') || text.size() < 2) {
            fail(token.column, QStringLiteral("'%1' is not an lsof option").arg(text), usage);
            return std::nullopt;
        }
        for (qsizetype i = 1; i < text.size(); ++i) {
            const int column = token.column + static_cast<int>(i);
            if (text[i] == u'n') {
                numericHosts = true;
            } else if (text[i] == u'P') {
                numericPorts = true;
            } else if (text[i] == u'i') {
                internet = true;
                if (i + 1 < text.size() && !takePort(text.mid(i + 1), column + 1))
                    return std::nullopt;
                break;
            } else {
                fail(column, QStringLiteral("lsof option -%1 is not simulated").arg(text[i]), QStringLiteral("known options: -n -P -i [:PORT]"));
                return std::nullopt;
            }
        }
    }
    if (!internet) {
        fail(optionsColumn, QStringLiteral("lsof needs -i: only network files are simulated"), usage);
        return std::nullopt;
    }
    // Without -n and -P lsof prints host names (from DNS) and service names (from
    // /etc/services); neither exists for the simulated hosts.
    if (!numericHosts || !numericPorts) {
        fail(optionsColumn, QStringLiteral("lsof without -n and -P prints host and service names, which are not simulated"),
             QStringLiteral("add -nP, %1").arg(usage));
        return std::nullopt;
    }
    return command;
}

// iptables' own arguments after the host's name, read by the tool's parser.
std::optional<StatementBody> LineParser::iptables()
{
    IptablesCommand command;
    if (!atEnd() && peek().text.startsWith(u'-')) {
        failHere(QStringLiteral("iptables needs the host's name first"), QStringLiteral("like: iptables server %1").arg(peek().text));
        return std::nullopt;
    }
    if (!name(&command.host, QStringLiteral("host name")))
        return std::nullopt;
    std::vector<IptablesWord> words;
    while (!atEnd()) {
        if (peek().kind == Token::Kind::String) {
            failHere(QStringLiteral("iptables takes no quoted strings here"));
            return std::nullopt;
        }
        const Token &token = m_tokens[m_next++];
        words.push_back({token.text, token.column});
        command.arguments << token.text;
    }
    IptablesParseError error;
    const auto options = parseIptables(words, &error);
    if (!options) {
        fail(error.column == 0 ? endColumn() : error.column, error.message, error.hint);
        return std::nullopt;
    }
    command.options = *options;
    return command;
}

// knockd's door, written on one line instead of a [section] of /etc/knockd.conf.
std::optional<StatementBody> LineParser::knockd()
{
    KnockdCommand command;
    const QString usage = QStringLiteral("like: knockd server sequence 7000,8000,9000 udp open tcp 22 timeout 10s");
    if (!name(&command.host, QStringLiteral("host name")) || !keyword(u"sequence", usage))
        return std::nullopt;
    const int listColumn = atEnd() ? endColumn() : peek().column;
    QString list;
    if (!word(&list, QStringLiteral("the ports to knock on, in order"), usage))
        return std::nullopt;
    for (const QString &part : list.split(u',')) {
        bool ok = false;
        const int port = part.toInt(&ok);
        if (!ok || port < 1 || port > 65535) {
            fail(listColumn, QStringLiteral("'%1' is not a port").arg(part), QStringLiteral("ports 1-65535, separated by commas: 7000,8000,9000"));
            return std::nullopt;
        }
        command.door.sequence.push_back(static_cast<std::uint16_t>(port));
    }
    if (!atEnd() && (peek().text == u"tcp" || peek().text == u"udp"))
        command.door.protocol = m_tokens[m_next++].text == u"udp" ? wire::IpProtocol::Udp : wire::IpProtocol::Tcp;
    if (!keyword(u"open", usage) || !keyword(u"tcp", QStringLiteral("knockd opens a TCP port: open tcp PORT")))
        return std::nullopt;
    int port = 0;
    if (!number(&port, QStringLiteral("the port to open"), 1, 65535))
        return std::nullopt;
    command.door.openPort = static_cast<std::uint16_t>(port);
    if (!atEnd()) {
        if (!keyword(u"timeout", usage) || !duration(&command.door.timeout))
            return std::nullopt;
        if (command.door.timeout < std::chrono::seconds(1)) {
            failHere(QStringLiteral("knockd's seq_timeout counts whole seconds"), QStringLiteral("at least 1s"));
            return std::nullopt;
        }
    }
    if (!finish())
        return std::nullopt;
    return command;
}

std::optional<StatementBody> LineParser::services()
{
    ServicesQuery query;
    if (!word(&query.query, QStringLiteral("a port or service name"), QStringLiteral("like 443, 53/udp or https")) || !finish())
        return std::nullopt;
    return query;
}

bool LineParser::pattern(EndpointPattern *out)
{
    const int column = atEnd() ? endColumn() : peek().column;
    QString text;
    if (!word(&text, QStringLiteral("an address and port"), QStringLiteral("like 10.0.0.1:80, *:80 or 10.0.0.1:*")))
        return false;
    out->text = text;
    const auto colon = text.lastIndexOf(u':');
    if (colon < 0)
        return fail(column, QStringLiteral("'%1' is not an address and port").arg(text), QStringLiteral("like 10.0.0.1:80, [::1]:*, *:80"));
    QString addressText = text.left(colon);
    const QString portText = text.mid(colon + 1);
    if (addressText.startsWith(u'[') && addressText.endsWith(u']'))
        addressText = addressText.mid(1, addressText.size() - 2);
    else if (addressText.contains(u':'))
        return fail(column, QStringLiteral("an IPv6 address with a port goes in brackets"), QStringLiteral("like [::1]:80"));
    if (addressText != u"*") {
        out->address = IpAddress::parse(addressText);
        if (!out->address)
            return fail(column, QStringLiteral("'%1' is not an address").arg(addressText), QStringLiteral("an IPv4 or IPv6 address, or *"));
    }
    if (portText != u"*") {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port > 65535)
            return fail(column + static_cast<int>(colon) + 1, QStringLiteral("'%1' is not a port").arg(portText), QStringLiteral("a port is a number 0-65535, or * for any port"));
        out->port = static_cast<std::uint16_t>(port);
    }
    return true;
}

std::optional<StatementBody> LineParser::expect()
{
    Expectation e;
    const QString forms = QStringLiteral("expect ok | error ERRNO | SOCKET local|remote ADDR:PORT | SOCKET port N|A-B|even|odd|same S|differs S | SOCKET state STATE | received \"DATA\" | delivered SOCKET | reply rst|icmp");
    if (atEnd()) {
        failHere(QStringLiteral("expect what?"), forms);
        return std::nullopt;
    }
    const Token &what = peek();
    if (what.text == u"ok") {
        ++m_next;
        e.kind = ExpectKind::Ok;
    } else if (what.text == u"error") {
        ++m_next;
        e.kind = ExpectKind::Error;
        const int column = atEnd() ? endColumn() : peek().column;
        QString name;
        if (!word(&name, QStringLiteral("an errno name"), QStringLiteral("like EADDRINUSE")))
            return std::nullopt;
        const auto error = errnoFromName(name);
        if (!error || *error == Errno::Ok) {
            fail(column, QStringLiteral("unknown errno '%1'").arg(name), QStringLiteral("like EADDRINUSE, EACCES, EADDRNOTAVAIL, ECONNREFUSED, EINVAL"));
            return std::nullopt;
        }
        e.error = *error;
    } else if (what.text == u"received") {
        ++m_next;
        e.kind = ExpectKind::Received;
        if (!data(&e.data))
            return std::nullopt;
    } else if (what.text == u"delivered") {
        ++m_next;
        e.kind = ExpectKind::Delivered;
        if (!socketRef(&e.socket))
            return std::nullopt;
    } else if (what.text == u"reply") {
        ++m_next;
        e.kind = ExpectKind::Reply;
        const int column = atEnd() ? endColumn() : peek().column;
        QString kind;
        if (!word(&kind, QStringLiteral("rst or icmp")))
            return std::nullopt;
        if (kind != u"rst" && kind != u"icmp") {
            fail(column, QStringLiteral("expected rst or icmp, found '%1'").arg(kind));
            return std::nullopt;
        }
        e.replyIsReset = kind == u"rst";
    } else {
        if (!socketRef(&e.socket))
            return std::nullopt;
        const int column = atEnd() ? endColumn() : peek().column;
        QString property;
        if (!word(&property, QStringLiteral("local, remote, port or state"), forms))
            return std::nullopt;
        if (property == u"local" || property == u"remote") {
            e.kind = property == u"local" ? ExpectKind::Local : ExpectKind::Remote;
            if (!pattern(&e.pattern))
                return std::nullopt;
        } else if (property == u"state") {
            e.kind = ExpectKind::State;
            const int stateColumn = atEnd() ? endColumn() : peek().column;
            QString state;
            if (!word(&state, QStringLiteral("a state"), QStringLiteral("like LISTEN, ESTABLISHED, TIME_WAIT")))
                return std::nullopt;
            const auto parsed = stateFromName(state);
            if (!parsed) {
                fail(stateColumn, QStringLiteral("unknown socket state '%1'").arg(state),
                     QStringLiteral("LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED"));
                return std::nullopt;
            }
            e.state = *parsed;
        } else if (property == u"port") {
            const int ruleColumn = atEnd() ? endColumn() : peek().column;
            QString rule;
            if (!word(&rule, QStringLiteral("a port rule"), QStringLiteral("a number, a range like 32768-60999, even, odd, same S or differs S")))
                return std::nullopt;
            static const QRegularExpression range(QStringLiteral("^([0-9]+)(?:-([0-9]+))?$"));
            const auto match = range.match(rule);
            if (rule == u"even" || rule == u"odd") {
                e.kind = ExpectKind::PortParity;
                e.even = rule == u"even";
            } else if (rule == u"same" || rule == u"differs") {
                e.kind = rule == u"same" ? ExpectKind::PortSame : ExpectKind::PortDiffers;
                if (!socketRef(&e.other))
                    return std::nullopt;
            } else if (match.hasMatch()) {
                e.kind = ExpectKind::PortRange;
                e.low = match.captured(1).toInt();
                e.high = match.captured(2).isEmpty() ? e.low : match.captured(2).toInt();
                if (e.high > 65535 || e.low > e.high) {
                    fail(ruleColumn, QStringLiteral("'%1' is not a port range").arg(rule), QStringLiteral("like 32768-60999"));
                    return std::nullopt;
                }
            } else {
                fail(ruleColumn, QStringLiteral("'%1' is not a port rule").arg(rule), QStringLiteral("a number, a range like 32768-60999, even, odd, same S or differs S"));
                return std::nullopt;
            }
        } else {
            fail(column, QStringLiteral("a socket has no property '%1' to expect").arg(property), QStringLiteral("local, remote, port or state"));
            return std::nullopt;
        }
    }
    if (!finish())
        return std::nullopt;
    return e;
}

std::optional<StatementBody> LineParser::call()
{
    Call c;
    const Token &first = m_tokens[m_next++];
    const QString processName = first.text.chopped(1);
    if (!isName(processName)) {
        fail(first.column, QStringLiteral("'%1' is not a process name").arg(processName),
             QStringLiteral("names start with a letter or _ and hold letters, digits, _ and -"));
        return std::nullopt;
    }
    c.process = {processName, first.column};
    if (m_next + 1 < m_tokens.size() && m_tokens[m_next + 1].text == u"=") {
        Name target;
        if (!name(&target, QStringLiteral("variable name")))
            return std::nullopt;
        ++m_next;   // the '='
        c.assignTo = target;
    }
    if (!atEnd() && peek().kind == Token::Kind::Word && peek().text == u"nc")
        return ++m_next, nc(c.process, c.assignTo);
    if (!atEnd() && peek().kind == Token::Kind::Word && peek().text == u"nmap") {
        if (c.assignTo) {
            fail(c.assignTo->column, QStringLiteral("nmap closes every socket it opens, so there is none to name"),
                 QStringLiteral("like: %1: nmap -sT -p 22,80,443 10.0.0.1").arg(processName));
            return std::nullopt;
        }
        return ++m_next, nmap(c.process);
    }
    const int verbColumn = atEnd() ? endColumn() : peek().column;
    QString verbText;
    if (!word(&verbText, QStringLiteral("a system call"), QStringLiteral("socket, setsockopt, bind, listen, connect, accept, send, sendto, recv, shutdown, close, getsockname, getpeername")))
        return std::nullopt;
    const VerbInfo *info = findVerb(verbText);
    if (!info) {
        fail(verbColumn, QStringLiteral("unknown system call '%1'").arg(verbText),
             QStringLiteral("known calls: socket, setsockopt, bind, listen, connect, accept, send, sendto, recv, shutdown, close, getsockname, getpeername"));
        return std::nullopt;
    }
    c.verb = info->verb;
    const QString usage = QStringLiteral("%1: %2").arg(processName, QString::fromUtf16(info->usage));
    m_usage = usage;
    const bool returnsSocket = c.verb == Verb::Socket || c.verb == Verb::Accept;
    if (returnsSocket && !c.assignTo) {
        fail(verbColumn, QStringLiteral("%1 returns a new socket; give it a name").arg(verbText), usage);
        return std::nullopt;
    }
    if (!returnsSocket && c.assignTo) {
        fail(c.assignTo->column, QStringLiteral("%1 does not return a socket, so it cannot be assigned").arg(verbText), usage);
        return std::nullopt;
    }
    if (c.verb == Verb::Socket) {
        const int column = atEnd() ? endColumn() : peek().column;
        QString kind;
        if (!word(&kind, QStringLiteral("a socket type"), usage))
            return std::nullopt;
        if (kind == u"tcp" || kind == u"tcp4") c.protocol = Protocol::Tcp;
        else if (kind == u"udp" || kind == u"udp4") c.protocol = Protocol::Udp;
        else if (kind == u"tcp6") { c.protocol = Protocol::Tcp; c.family = Family::IPv6; }
        else if (kind == u"udp6") { c.protocol = Protocol::Udp; c.family = Family::IPv6; }
        else {
            fail(column, QStringLiteral("unknown socket type '%1'").arg(kind), QStringLiteral("tcp, udp (IPv4) or tcp6, udp6 (IPv6)"));
            return std::nullopt;
        }
        return finish() ? std::optional<StatementBody>(c) : std::nullopt;
    }
    if (!name(&c.socket, QStringLiteral("socket variable")))
        return std::nullopt;
    switch (c.verb) {
    case Verb::Setsockopt: {
        const int column = atEnd() ? endColumn() : peek().column;
        QString option;
        if (!word(&option, QStringLiteral("an option"), usage))
            return std::nullopt;
        const auto known = socketOptionFromName(option);
        if (!known) {
            fail(column, QStringLiteral("unknown option '%1'").arg(option), QStringLiteral("SO_REUSEADDR, SO_REUSEPORT or IPV6_V6ONLY"));
            return std::nullopt;
        }
        c.option = *known;
        if (!number(&c.value, QStringLiteral("the option's value"), 0, 1))
            return std::nullopt;
        break;
    }
    case Verb::Bind:
    case Verb::Connect:
        if (!endpoint(&c.endpoint))
            return std::nullopt;
        break;
    case Verb::Listen:
        c.value = 128;
        if (!atEnd() && !number(&c.value, QStringLiteral("the backlog"), 0, 65535))
            return std::nullopt;
        break;
    case Verb::Send:
        if (!data(&c.data))
            return std::nullopt;
        break;
    case Verb::Sendto:
        if (!endpoint(&c.endpoint) || !data(&c.data))
            return std::nullopt;
        break;
    case Verb::Shutdown: {
        const int column = atEnd() ? endColumn() : peek().column;
        QString how;
        if (!word(&how, QStringLiteral("rd, wr or rdwr"), usage))
            return std::nullopt;
        if (how == u"rd" || how == u"SHUT_RD") c.how = ShutdownHow::Read;
        else if (how == u"wr" || how == u"SHUT_WR") c.how = ShutdownHow::Write;
        else if (how == u"rdwr" || how == u"SHUT_RDWR") c.how = ShutdownHow::Both;
        else {
            fail(column, QStringLiteral("expected rd, wr or rdwr, found '%1'").arg(how));
            return std::nullopt;
        }
        break;
    }
    default:
        break;
    }
    if (!finish()) {
        m_error->hint = usage;
        return std::nullopt;
    }
    return c;
}

// netcat-openbsd: its letters in any grouping (-z -v, -zv, -lkv), then a scan's address and
// ports, a connection's address and port with what is typed into it, or a listener's
// optional address and port.
std::optional<StatementBody> LineParser::nc(const Name &process, const std::optional<Name> &assignTo)
{
    NcCommand command;
    command.process = process;
    command.assignTo = assignTo;
    NcOptions &options = command.options;
    const int optionsColumn = atEnd() ? endColumn() : peek().column;
    bool scan = false;
    bool listen = false;
    int udpColumn = 0;
    int keepColumn = 0;
    while (!atEnd() && peek().kind == Token::Kind::Word && peek().text.startsWith(u'-') && peek().text.size() > 1) {
        const Token &token = m_tokens[m_next++];
        for (qsizetype i = 1; i < token.text.size(); ++i) {
            const int column = token.column + static_cast<int>(i);
            switch (token.text[i].unicode()) {
            case u'z': scan = true; break;
            case u'l': listen = true; break;
            case u'v': options.verbose = true; break;
            case u'n': options.numeric = true; break;
            case u'u': options.protocol = Protocol::Udp; udpColumn = column; break;
            case u'k': options.keepListening = true; keepColumn = column; break;
            default:
                fail(column, QStringLiteral("nc option -%1 is not simulated").arg(token.text[i]),
                     QStringLiteral("known options: -l (listen), -u (UDP), -v (report), -k (keep listening), -n (no service names), -z (connect scan)"));
                return std::nullopt;
            }
        }
    }
    options.mode = scan ? NcMode::Scan : listen ? NcMode::Listen : NcMode::Connect;
    const QString usage = options.mode == NcMode::Scan     ? QStringLiteral("like: %1: nc -z -v 10.0.0.1 20-25").arg(process.text)
                          : options.mode == NcMode::Listen ? QStringLiteral("like: %1: nc -lv 8080, or nc -l -u 10.0.0.1 5353").arg(process.text)
                                                           : QStringLiteral("like: %1: c = nc -v 10.0.0.1 8080 send \"hello\\n\"").arg(process.text);
    if (scan && listen) {
        fail(optionsColumn, QStringLiteral("nc -z and -l together: -z connects to ports, -l waits for connections"),
             QStringLiteral("scan with -z, or listen with -l, in two statements"));
        return std::nullopt;
    }
    if (options.keepListening && !listen) {
        fail(keepColumn, QStringLiteral("nc -k keeps a listener open, so it needs -l"), QStringLiteral("like: %1: nc -lk 8080").arg(process.text));
        return std::nullopt;
    }
    if (scan && udpColumn) {
        // nc -zu writes "X" datagrams to each port (five over about three seconds) and
        // stays silent about a port when an ICMP error made a write fail.
        fail(udpColumn, QStringLiteral("nc -z -u is not simulated: netcat's UDP scan is not a connect scan, it sends datagrams and waits for ICMP errors"),
             QStringLiteral("probe a UDP port with system calls: %1: u = socket udp, then %1: sendto u ADDRESS:PORT \"X\" and expect reply icmp")
                 .arg(process.text));
        return std::nullopt;
    }
    if (listen && udpColumn && options.keepListening) {
        fail(keepColumn, QStringLiteral("nc -l -u -k is not simulated: it reads datagrams from every sender without connecting to one"),
             QStringLiteral("leave -k out: nc -l -u takes the first sender and stays with it"));
        return std::nullopt;
    }
    if (scan && !options.verbose) {
        fail(optionsColumn, QStringLiteral("nc -z without -v prints nothing, not even which ports answered"), QStringLiteral("add -v, ") + usage);
        return std::nullopt;
    }
    if (scan && assignTo) {
        fail(assignTo->column, QStringLiteral("nc -z closes every socket it opens, so there is none to name"),
             QStringLiteral("like: %1: nc -z -v 10.0.0.1 20-25").arg(process.text));
        return std::nullopt;
    }
    // A listener's address is optional: one word left means it is the port.
    const bool addressGiven = !listen
        || (m_next + 1 < m_tokens.size() && m_tokens[m_next + 1].kind == Token::Kind::Word && m_tokens[m_next + 1].text != u"send");
    if (addressGiven) {
        const int addressColumn = atEnd() ? endColumn() : peek().column;
        if (!word(&options.addressText, QStringLiteral("an address"), usage))
            return std::nullopt;
        const auto address = IpAddress::parse(options.addressText);
        if (!address) {
            const auto endpoint = Endpoint::parse(options.addressText);
            fail(addressColumn, QStringLiteral("'%1' is not an IPv4 or IPv6 address").arg(options.addressText),
                 endpoint ? QStringLiteral("nc takes the address and the port as two words: %1 %2").arg(endpoint->address.toString()).arg(endpoint->port)
                          : QStringLiteral("the simulated hosts have no names to look up; give an address, ") + usage);
            return std::nullopt;
        }
        options.address = *address;
    }
    if (!ncPort(&options, usage))
        return std::nullopt;
    if (!atEnd() && peek().kind == Token::Kind::Word && peek().text == u"send") {
        if (options.mode != NcMode::Connect) {
            fail(peek().column, options.mode == NcMode::Scan ? QStringLiteral("nc -z sends no data: it only connects")
                                                             : QStringLiteral("nc -l has nobody to send to until a connection comes"),
                 QStringLiteral("type into nc after it connects: like: client: c = nc 10.0.0.1 8080 send \"hello\\n\", then client: send c \"more\\n\""));
            return std::nullopt;
        }
        ++m_next;
        if (!data(&options.input))
            return std::nullopt;
    }
    if (!finish()) {
        m_error->hint = usage;
        return std::nullopt;
    }
    return command;
}

// A scan's port or range of ports; the one port of a connection or a listener.
bool LineParser::ncPort(NcOptions *options, const QString &usage)
{
    const bool scan = options->mode == NcMode::Scan;
    const int portsColumn = atEnd() ? endColumn() : peek().column;
    QString ports;
    if (!word(&ports, scan ? QStringLiteral("a port or a range of ports") : QStringLiteral("a port"), usage))
        return false;
    static const QRegularExpression range(QStringLiteral("^([0-9]+)(?:-([0-9]+))?$"));
    const auto match = range.match(ports);
    const int low = match.hasMatch() ? match.captured(1).toInt() : 0;
    const int high = match.hasMatch() && !match.captured(2).isEmpty() ? match.captured(2).toInt() : low;
    if (!match.hasMatch() || std::min(low, high) < 1 || std::max(low, high) > 65535) {
        return fail(portsColumn, QStringLiteral("'%1' is not a port%2").arg(ports, scan ? QStringLiteral(" or a range of ports") : QString()),
                    scan ? QStringLiteral("ports are 1-65535: one, like 22, or a range, like 20-25") : QStringLiteral("a port is 1-65535, like 8080"));
    }
    if (!scan && low != high) {
        return fail(portsColumn, QStringLiteral("nc %1 one port, not a range").arg(options->mode == NcMode::Listen ? QStringLiteral("-l listens on") : QStringLiteral("connects to")),
                    QStringLiteral("a range is for a scan: nc -z -v ADDRESS %1; or ").arg(ports) + usage);
    }
    // nc scans a range written backwards from its low end, as if written the right way round.
    options->low = static_cast<std::uint16_t>(std::min(low, high));
    options->high = static_cast<std::uint16_t>(std::max(low, high));
    constexpr int maximumPorts = 1024;
    if (const int count = options->high - options->low + 1; count > maximumPorts) {
        return fail(portsColumn, QStringLiteral("%1 ports are too many for a scenario's scan").arg(count),
                    QStringLiteral("scan at most %1 ports, like %2-%3; a few ports keep the transcript readable")
                        .arg(maximumPorts).arg(options->low).arg(options->low + maximumPorts - 1));
    }
    return true;
}

// nmap's connect scan (-sT) or UDP scan (-sU) of the ports given with -p, each option a word
// of its own as nmap's own parser wants them.
std::optional<StatementBody> LineParser::nmap(const Name &process)
{
    NmapCommand command;
    command.process = process;
    const QString usage = QStringLiteral("like: %1: nmap -sT -p 22,80,443 10.0.0.1").arg(process.text);
    std::optional<NmapScanType> type;
    bool portsGiven = false;
    while (!atEnd() && peek().kind == Token::Kind::Word && peek().text.startsWith(u'-')) {
        const Token &option = m_tokens[m_next++];
        const QString &text = option.text;
        if (text == u"-sT" || text == u"-sU") {
            const NmapScanType chosen = text == u"-sT" ? NmapScanType::TcpConnect : NmapScanType::Udp;
            if (type && *type != chosen) {
                fail(option.column, QStringLiteral("nmap -sT and -sU together are not simulated"),
                     QStringLiteral("scan TCP and UDP in two statements, one with -sT and one with -sU"));
                return std::nullopt;
            }
            type = chosen;
        } else if (text == u"-p") {
            const int column = atEnd() ? endColumn() : peek().column;
            QString ports;
            if (!word(&ports, QStringLiteral("ports after -p"), QStringLiteral("like: -p 22, -p 20-25, -p 22,80,443, or -p- for all")))
                return std::nullopt;
            if (!nmapPorts(ports, column, &command.options))
                return std::nullopt;
            portsGiven = true;
        } else if (text.startsWith(u"-p") && text != u"-Pn") {
            if (!nmapPorts(text.mid(2), option.column + 2, &command.options))
                return std::nullopt;
            portsGiven = true;
        } else if (text == u"-Pn") {
            command.options.skipHostDiscovery = true;
        } else if (text == u"-n") {
            // No reverse DNS lookup: the simulated hosts have no names, so it never happens anyway.
        } else if (text == u"-v") {
            fail(option.column, QStringLiteral("nmap -v is not simulated: it adds progress lines timed by the wall clock and packet counts that include the ARP ping"),
                 QStringLiteral("leave -v out; --events lists every probe and answer, ") + usage);
            return std::nullopt;
        } else if (text == u"-sS" || text == u"-sA" || text == u"-sF" || text == u"-sN" || text == u"-sX") {
            fail(option.column, QStringLiteral("nmap %1 is not simulated: it writes TCP segments through a raw socket").arg(text),
                 QStringLiteral("the connect scan -sT asks the same question with connect(), ") + usage);
            return std::nullopt;
        } else {
            fail(option.column, QStringLiteral("nmap option %1 is not simulated").arg(text),
                 QStringLiteral("known options: -sT (TCP connect scan), -sU (UDP scan), -p PORTS, -Pn (no host discovery), -n (no DNS)"));
            return std::nullopt;
        }
    }
    const int addressColumn = atEnd() ? endColumn() : peek().column;
    if (!type) {
        fail(addressColumn, QStringLiteral("choose nmap's scan type: -sT (TCP connect scan) or -sU (UDP scan)"), usage);
        return std::nullopt;
    }
    command.options.type = *type;
    if (!portsGiven) {
        fail(addressColumn, QStringLiteral("nmap without -p scans its 1,000 most used ports, ranked by the frequencies in its own data files, which PortLab does not have"),
             QStringLiteral("name the ports: -p 22,80,443, -p 1-1024, or -p- for all; ") + usage);
        return std::nullopt;
    }
    QString addressText;
    if (!word(&addressText, QStringLiteral("an address"), usage))
        return std::nullopt;
    const auto address = IpAddress::parse(addressText);
    if (!address) {
        fail(addressColumn, QStringLiteral("'%1' is not an IPv4 address").arg(addressText),
             QStringLiteral("the simulated hosts have no names to look up; give an address, ") + usage);
        return std::nullopt;
    }
    if (address->isV6()) {
        fail(addressColumn, QStringLiteral("nmap scans an IPv6 address only with -6, which is not simulated"),
             QStringLiteral("scan one of the host's IPv4 addresses, ") + usage);
        return std::nullopt;
    }
    command.options.address = *address;
    if (!finish()) {
        m_error->hint = usage;
        return std::nullopt;
    }
    return command;
}

// nmap's port list: 22, 20-25, 22,80,443, or "-" for 1-65535.
bool LineParser::nmapPorts(const QString &text, int column, NmapOptions *options)
{
    const QString hint = QStringLiteral("ports are 1-65535: -p 22, -p 20-25, -p 22,80,443, or -p- for all");
    std::vector<std::uint16_t> &ports = options->ports;
    options->portsText = text;
    if (text == u"-") {
        for (int port = 1; port <= 65535; ++port)
            ports.push_back(static_cast<std::uint16_t>(port));
        return true;
    }
    static const QRegularExpression item(QStringLiteral("^([0-9]+)(?:-([0-9]+))?$"));
    int itemColumn = column;
    for (const QString &part : text.split(u',')) {
        const auto match = item.match(part);
        const int low = match.hasMatch() ? match.captured(1).toInt() : 0;
        const int high = match.hasMatch() && !match.captured(2).isEmpty() ? match.captured(2).toInt() : low;
        if (!match.hasMatch() || low < 1 || high > 65535)
            return fail(itemColumn, QStringLiteral("'%1' is not a port or a range of ports").arg(part), hint);
        if (high < low) {
            return fail(itemColumn, QStringLiteral("the range %1 runs backwards").arg(part),
                        QStringLiteral("nmap wants the low port first: %1-%2").arg(high).arg(low));
        }
        for (int port = low; port <= high; ++port)
            ports.push_back(static_cast<std::uint16_t>(port));
        itemColumn += static_cast<int>(part.size()) + 1;
    }
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    return true;
}

std::optional<StatementBody> LineParser::callWithUsage()
{
    auto result = call();
    if (!result && m_error->hint.isEmpty() && !m_usage.isEmpty())
        m_error->hint = m_usage;
    return result;
}

} // namespace

QStringList statementKeywords()
{
    QStringList words;
    for (const LineParser::Keyword &keyword : LineParser::keywords)
        words.append(QString::fromUtf16(keyword.name));
    return words;
}

QStringList processCommands()
{
    QStringList words;
    for (const VerbInfo &verb : verbs)
        words.append(QString::fromUtf16(verb.name));
    words.append(QStringLiteral("nc"));
    words.append(QStringLiteral("nmap"));
    return words;
}

QStringList sysctlSettings()
{
    return {QStringLiteral("net.ipv4.ip_local_port_range"), QStringLiteral("net.ipv4.ip_unprivileged_port_start"),
            QStringLiteral("net.ipv4.ip_local_reserved_ports"), QStringLiteral("net.ipv4.tcp_tw_reuse"),
            QStringLiteral("net.ipv4.tcp_syn_retries"), QStringLiteral("net.ipv4.tcp_syn_linear_timeouts"),
            QStringLiteral("net.ipv4.ip_forward")};
}

std::optional<Statement> parseStatement(QStringView line, int lineNumber, const QString &fileName, Diagnostic *error)
{
    error->file = fileName;
    error->line = lineNumber;
    const auto lexed = lexLine(line, lineNumber, error);
    if (!lexed || lexed->tokens.empty())
        return std::nullopt;
    LineParser parser(*lexed, lineNumber, error);
    auto body = parser.parse();
    if (!body)
        return std::nullopt;
    error->message.clear();
    return Statement{lineNumber, lexed->tokens.front().column, lexed->text, std::move(*body)};
}

ParsedScript parseScenario(QStringView source, const QString &fileName)
{
    ParsedScript script;
    const auto lines = source.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView line = lines[i];
        if (line.endsWith(u'\r'))
            line.chop(1);
        Diagnostic error;
        auto statement = parseStatement(line, static_cast<int>(i) + 1, fileName, &error);
        if (statement)
            script.statements.push_back(std::move(*statement));
        else if (!error.message.isEmpty())
            script.errors.push_back(std::move(error));
    }
    return script;
}

} // namespace portlab
