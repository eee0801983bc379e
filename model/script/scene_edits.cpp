// SPDX-License-Identifier: GPL-3.0-or-later
#include "scene_edits.h"

#include "interpreter.h"
#include "parser.h"

#include <QRegularExpression>
#include <QSet>

namespace portlab {

namespace {

// The host each process name stands for at each statement (a name freed by kill may be
// declared again elsewhere), and the socket variables each process has made there.
struct Owners {
    QHash<QString, QString> hostOf;
    QHash<QString, QSet<QString>> variables;

    bool onHost(const QString &process, const QString &host) const { return hostOf.value(process) == host; }
    // `nginx.s`, or `s` held by a process of the host.
    bool refOnHost(const SocketRef &ref, const QString &host) const
    {
        if (ref.process)
            return onHost(ref.process->text, host);
        for (auto it = variables.cbegin(); it != variables.cend(); ++it) {
            if (it.value().contains(ref.variable.text) && onHost(it.key(), host))
                return true;
        }
        return false;
    }
};

bool expectationIsAbout(const Expectation &e, const Owners &owners, const QString &host)
{
    switch (e.kind) {
    case ExpectKind::PortSame:
    case ExpectKind::PortDiffers:
        return owners.refOnHost(e.socket, host) || owners.refOnHost(e.other, host);
    case ExpectKind::Local:
    case ExpectKind::Remote:
    case ExpectKind::PortRange:
    case ExpectKind::PortParity:
    case ExpectKind::State:
    case ExpectKind::Delivered:
        return owners.refOnHost(e.socket, host);
    default:
        return false;
    }
}

// Whether the statement names the host or a process on it, by what its names mean there.
bool isAbout(const StatementBody &body, Owners &owners, const QString &host)
{
    return std::visit([&](const auto &b) -> bool {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, HostDecl>) {
            return b.name.text == host;
        } else if constexpr (std::is_same_v<T, ProcessDecl>) {
            owners.hostOf.insert(b.name.text, b.host.text);
            owners.variables.remove(b.name.text);
            return b.host.text == host;
        } else if constexpr (std::is_same_v<T, SysctlSet> || std::is_same_v<T, SsCommand> || std::is_same_v<T, NetstatCommand>
                             || std::is_same_v<T, LsofCommand> || std::is_same_v<T, IptablesCommand> || std::is_same_v<T, KnockdCommand>) {
            return b.host.text == host;
        } else if constexpr (std::is_same_v<T, Call>) {
            if (b.assignTo)
                owners.variables[b.process.text].insert(b.assignTo->text);
            return owners.onHost(b.process.text, host);
        } else if constexpr (std::is_same_v<T, NcCommand> || std::is_same_v<T, NmapCommand> || std::is_same_v<T, Kill>) {
            return owners.onHost(b.process.text, host);
        } else if constexpr (std::is_same_v<T, Expectation>) {
            return expectationIsAbout(b, owners, host);
        } else {
            return false;
        }
    }, body);
}

// The scene's statements but those removed, numbered as the console numbers them.
std::vector<Statement> remaining(const std::vector<Statement> &scene, const std::vector<bool> &removed, std::vector<std::size_t> *indexes)
{
    std::vector<Statement> kept;
    indexes->clear();
    for (std::size_t i = 0; i < scene.size(); ++i) {
        if (removed[i])
            continue;
        kept.push_back(scene[i]);
        kept.back().line = static_cast<int>(kept.size());
        indexes->push_back(i);
    }
    return kept;
}

} // namespace

std::vector<std::size_t> statementsAboutHost(const std::vector<Statement> &scene, const QString &host)
{
    std::vector<bool> removed(scene.size(), false);
    Owners owners;
    bool declared = false;
    bool previousRemoved = false;   // the statement an expectation like `expect ok` checks
    for (std::size_t i = 0; i < scene.size(); ++i) {
        const auto *expectation = std::get_if<Expectation>(&scene[i].body);
        const bool checksPrevious = expectation
            && (expectation->kind == ExpectKind::Ok || expectation->kind == ExpectKind::Error || expectation->kind == ExpectKind::Received
                || expectation->kind == ExpectKind::Delivered || expectation->kind == ExpectKind::Reply);
        removed[i] = isAbout(scene[i].body, owners, host) || (checksPrevious && previousRemoved);
        if (!expectation)
            previousRemoved = removed[i];
        if (const auto *decl = std::get_if<HostDecl>(&scene[i].body); decl && decl->name.text == host)
            declared = true;
    }
    if (!declared)
        return {};
    // What still names something that went with the host (a DNAT rule to its address, …)
    // would stop the whole scene from running: it goes too, until the rest checks.
    World world;
    const Interpreter check(world);
    for (;;) {
        std::vector<std::size_t> indexes;
        const std::vector<Diagnostic> errors = check.checkNames(remaining(scene, removed, &indexes), QString());
        if (errors.empty())
            break;
        for (const Diagnostic &error : errors)
            removed[indexes[static_cast<std::size_t>(error.line - 1)]] = true;
    }
    std::vector<std::size_t> result;
    for (std::size_t i = 0; i < scene.size(); ++i) {
        if (removed[i])
            result.push_back(i);
    }
    return result;
}

std::optional<Rewrite> declarationWithOs(const std::vector<Statement> &scene, const QString &host, const QString &os)
{
    const std::optional<Personality> personality = Personality::fromName(os);
    if (!personality)
        return std::nullopt;
    for (std::size_t i = 0; i < scene.size(); ++i) {
        const auto *decl = std::get_if<HostDecl>(&scene[i].body);
        if (!decl || decl->name.text != host)
            continue;
        if (decl->personality.kind == personality->kind)
            return std::nullopt;
        // The declaration as written, its addresses untouched; Linux, the default, needs no word.
        static const QRegularExpression osClause(QStringLiteral("\\s+os\\s+\\S+\\s*$"));
        QString text = scene[i].text;
        text.remove(osClause);
        if (personality->kind != PersonalityKind::Linux)
            text += QStringLiteral(" os ") + personality->name;
        Diagnostic error;
        std::optional<Statement> rewritten = parseStatement(text, scene[i].line, QString(), &error);
        if (!rewritten)
            return std::nullopt;
        return Rewrite{i, std::move(*rewritten)};
    }
    return std::nullopt;
}

} // namespace portlab
