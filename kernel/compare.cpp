// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare.h"

#include "script/interpreter.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace portlab::kernel {

namespace {

// A scenario socket's port on one side, after one statement.
struct PortSide {
    QString name;
    QString host;
    Protocol protocol = Protocol::Tcp;
    bool open = false;
    std::optional<Endpoint> local;
    std::optional<Endpoint> remote;
};

// What one side looked like after a statement: its named sockets and each host's range.
struct Step {
    std::vector<PortSide> sockets;
    QHash<QString, std::pair<int, int>> ranges;

    const PortSide *find(const QString &name) const
    {
        for (const PortSide &side : sockets) {
            if (side.name == name)
                return &side;
        }
        return nullptr;
    }
};

struct ModelRun {
    std::vector<Diagnostic> errors;
    std::vector<Statement> statements;
    std::vector<StatementOutcome> outcomes;
    std::vector<Step> steps;
};

ModelRun runModel(QStringView source, const QString &fileName)
{
    ModelRun run;
    World world;
    Interpreter interpreter(world);
    ParsedScript script = parseScenario(source, fileName);
    run.errors = std::move(script.errors);
    auto nameErrors = interpreter.checkNames(script.statements, fileName);
    run.errors.insert(run.errors.end(), nameErrors.begin(), nameErrors.end());
    if (!run.errors.empty())
        return run;
    run.statements = script.statements;
    std::vector<std::pair<QString, QString>> variables;   // (process, variable), in order of creation
    for (const Statement &statement : run.statements) {
        run.outcomes.push_back(interpreter.execute(statement));
        if (const auto *call = std::get_if<Call>(&statement.body); call && call->assignTo) {
            const std::pair<QString, QString> key{call->process.text, call->assignTo->text};
            if (std::find(variables.begin(), variables.end(), key) == variables.end())
                variables.push_back(key);
        }
        Step step;
        for (const auto &[process, variable] : variables) {
            const SocketId id = interpreter.socketOf(process, variable);
            if (id == NoSocket)
                continue;
            const Socket &s = world.socketAt(id);
            PortSide side;
            side.name = process + u'.' + variable;
            side.host = world.host(s.host).name();
            side.protocol = s.protocol;
            side.open = s.owner != NoProcess;
            if (s.bound)
                side.local = s.local;
            if (s.remote.port != 0)
                side.remote = s.remote;
            step.sockets.push_back(side);
        }
        for (HostId host = 0; host < world.hostCount(); ++host) {
            const HostSettings &settings = world.host(host).settings();
            step.ranges.insert(world.host(host).name(), {settings.ephemeralLow, settings.ephemeralHigh});
        }
        run.steps.push_back(std::move(step));
    }
    return run;
}

Step kernelStep(const KernelInterpreter &interpreter, const QStringList &hosts)
{
    Step step;
    for (const KernelSocketView &view : interpreter.sockets())
        step.sockets.push_back({view.name, view.host, view.protocol, view.open, view.local, view.remote});
    for (const QString &host : hosts)
        step.ranges.insert(host, interpreter.portRange(host));
    return step;
}

// The address as IPv4 when it is a v4-mapped IPv6 address: the same endpoint seen by an IPv6
// socket and by an IPv4 one.
IpAddress plain(const IpAddress &address)
{
    return address.isV4Mapped() ? address.mappedV4() : address;
}

struct Check {
    bool agree = true;
    QString why;
};

// Everything the comparison of one statement needs to know.
struct Context {
    const Step &model;
    const Step &kernel;
    const QHash<QString, QString> &addressOwners;   // address text -> host
    QString host;                                   // the statement's host
    // Each socket's last known local and remote endpoints on both sides, also after it was
    // closed: ss shows closed connections (TIME-WAIT) by the ports they had, and a remote
    // port is the port NAT gave a connection, which no socket of the scenario may have.
    const QHash<QString, std::pair<Endpoint, Endpoint>> &lastEndpoints;
};

Check comparePort(const Context &c, const QString &host, Protocol protocol, int modelPort, int kernelPort, const QString &self)
{
    if (modelPort == kernelPort)
        return {};
    const auto [modelLow, modelHigh] = c.model.ranges.value(host, {32768, 60999});
    const auto [kernelLow, kernelHigh] = c.kernel.ranges.value(host, {32768, 60999});
    const bool modelInRange = modelPort >= modelLow && modelPort <= modelHigh;
    const bool kernelInRange = kernelPort >= kernelLow && kernelPort <= kernelHigh;
    if (!modelInRange || !kernelInRange)
        return {false, QStringLiteral("port %1 in the model, %2 on the kernel (%3 outside %4's ephemeral range)")
                           .arg(modelPort).arg(kernelPort)
                           .arg(!kernelInRange ? QStringLiteral("the kernel's is") : QStringLiteral("the model's is"), host)};
    // TCP's automatic choice has a parity (connect() the range's low parity first, bind(0) and
    // listen() the other); UDP picks at random across the range.
    if (protocol == Protocol::Tcp && (modelPort - modelLow) % 2 != (kernelPort - kernelLow) % 2)
        return {false, QStringLiteral("port %1 in the model, %2 on the kernel: not the same parity").arg(modelPort).arg(kernelPort)};
    // Which socket's port an automatic choice lands on is random on both sides, as long as
    // the range has free ports; only when every port is held must both reuse one (toward
    // another destination), and then both must.
    auto sharers = [&](const Step &step, int port) {
        QStringList names;
        QSet<int> held;
        for (const PortSide &other : step.sockets) {
            if (other.name == self || other.host != host || other.protocol != protocol || !other.open || !other.local)
                continue;
            held.insert(other.local->port);
            if (other.local->port == port)
                names << other.name;
        }
        return std::pair{names, held};
    };
    const auto [modelSharers, modelHeld] = sharers(c.model, modelPort);
    const auto [kernelSharers, kernelHeld] = sharers(c.kernel, kernelPort);
    int heldInRange = 0;
    for (const int port : modelHeld)
        heldInRange += port >= modelLow && port <= modelHigh ? 1 : 0;
    const bool reuseForced = heldInRange >= modelHigh - modelLow + 1;
    if (reuseForced && modelSharers.isEmpty() != kernelSharers.isEmpty())
        return {false, QStringLiteral("port %1 in the model %2, port %3 on the kernel %4, though every port of the range is taken")
                           .arg(modelPort).arg(modelSharers.isEmpty() ? QStringLiteral("is a fresh one") : QStringLiteral("is shared with ") + modelSharers.join(QStringLiteral(", ")))
                           .arg(kernelPort).arg(kernelSharers.isEmpty() ? QStringLiteral("is a fresh one") : QStringLiteral("is shared with ") + kernelSharers.join(QStringLiteral(", ")))};
    auto sharing = [](const QStringList &names) {
        return names.isEmpty() ? QStringLiteral("a port no other socket holds") : QStringLiteral("the port of ") + names.join(QStringLiteral(", "));
    };
    return {true, QStringLiteral("ephemeral port %1 in the model, %2 on the kernel: both in %3's range%4; %5")
                      .arg(modelPort).arg(kernelPort).arg(host)
                      .arg(protocol == Protocol::Tcp ? QStringLiteral(", same parity") : QString())
                      .arg(modelSharers.isEmpty() == kernelSharers.isEmpty()
                               ? QStringLiteral("both %1").arg(modelSharers.isEmpty() ? QStringLiteral("a port no other socket holds")
                                                                                   : QStringLiteral("reuse a port held toward another destination"))
                               : QStringLiteral("the model took %1, the kernel %2 (a free choice: the range has free ports)").arg(sharing(modelSharers), sharing(kernelSharers)))};
}

Check compareEndpoint(const Context &c, const QString &what, const std::optional<Endpoint> &model, const std::optional<Endpoint> &kernel,
                      Protocol protocol, const QString &self, bool isRemote)
{
    if (!model && !kernel)
        return {};
    if (!model || !kernel)
        return {false, QStringLiteral("%1: %2 in the model, %3 on the kernel").arg(what, model ? model->toString() : QStringLiteral("none"),
                                                                                    kernel ? kernel->toString() : QStringLiteral("none"))};
    if (model->address != kernel->address)
        return {false, QStringLiteral("%1: %2 in the model, %3 on the kernel").arg(what, model->toString(), kernel->toString())};
    if (model->port == kernel->port)
        return {};
    if (!isRemote)
        return comparePort(c, c.host, protocol, model->port, kernel->port, self);
    // A remote port is some other socket's local port: the same named socket on both sides?
    for (const PortSide &side : c.kernel.sockets) {
        if (!side.local || side.local->port != kernel->port || plain(side.local->address) != plain(kernel->address))
            continue;
        const PortSide *modelSide = c.model.find(side.name);
        if (modelSide && modelSide->local && modelSide->local->port == model->port)
            return {true, QStringLiteral("%1: %2's port on both sides (%3 in the model, %4 on the kernel)")
                              .arg(what, side.name).arg(model->port).arg(kernel->port)};
    }
    const IpAddress address = plain(kernel->address);
    const QString owner = address.isLoopback() ? c.host : c.addressOwners.value(address.toString());
    if (owner.isEmpty())
        return {false, QStringLiteral("%1: %2 in the model, %3 on the kernel").arg(what, model->toString(), kernel->toString())};
    Check check = comparePort(c, owner, protocol, model->port, kernel->port, {});
    check.why = what + QStringLiteral(": ") + check.why;
    return check;
}

// A tool's printout in the summary column: how many lines it printed.
QString outputSummary(const QString &output)
{
    const qsizetype lines = output.count(u'\n') + 1;
    return lines == 1 ? QStringLiteral("1 line") : QStringLiteral("%1 lines").arg(lines);
}

QString modelSummary(const StatementOutcome &outcome)
{
    if (outcome.isExpectation)
        return outcome.ok ? QStringLiteral("pass") : QStringLiteral("FAIL");
    if (!outcome.ok)
        return outcome.error == Errno::Ok ? QStringLiteral("error") : errnoName(outcome.error);
    if (!outcome.output.isEmpty())
        return outputSummary(outcome.output);
    QString text = QStringLiteral("ok");
    if (outcome.local)
        text += u' ' + outcome.local->toString();
    if (outcome.remote)
        text += QStringLiteral(" → ") + outcome.remote->toString();
    return text;
}

QString kernelSummary(const KernelOutcome &outcome)
{
    if (outcome.isExpectation)
        return outcome.ok ? QStringLiteral("pass") : QStringLiteral("FAIL");
    if (!outcome.ok)
        return outcome.errorName.isEmpty() ? QStringLiteral("error") : outcome.errorName;
    if (!outcome.output.isEmpty())
        return outputSummary(outcome.output);
    QString text = QStringLiteral("ok");
    if (outcome.local)
        text += u' ' + outcome.local->toString();
    if (outcome.remote)
        text += QStringLiteral(" → ") + outcome.remote->toString();
    return text;
}

// Which socket-table tool printed an output, for what must be masked before comparing:
// process ids (and lsof's socket inodes) cannot match between the model and the kernel.
enum class SocketTool { Ss, Netstat, Lsof };

QString toolName(SocketTool tool)
{
    switch (tool) {
    case SocketTool::Ss: return QStringLiteral("ss");
    case SocketTool::Netstat: return QStringLiteral("netstat");
    case SocketTool::Lsof: return QStringLiteral("lsof");
    }
    return {};
}

void maskUnmatchable(SocketTool tool, QStringList &fields, bool isHeader)
{
    static const QRegularExpression ssPid(QStringLiteral("pid=\\d+"));
    // The kernel's processes are forked copies of portlab, so netstat (which names a
    // process by its command line, not by the comm that ss and lsof show) calls them all
    // "portlab": only whether a socket has an owning process can be compared.
    static const QRegularExpression netstatProgram(QStringLiteral("^\\d+/.*$"));
    switch (tool) {
    case SocketTool::Ss:
        for (QString &field : fields)
            field.replace(ssPid, QStringLiteral("pid=*"));
        break;
    case SocketTool::Netstat:
        if (!fields.isEmpty())
            fields.last().replace(netstatProgram, QStringLiteral("*/*"));
        break;
    case SocketTool::Lsof:
        // COMMAND PID USER FD TYPE DEVICE …: the pid, and the socket inode the model lacks.
        if (!isHeader && fields.size() > 5)
            fields[1] = fields[5] = QStringLiteral("*");
        break;
    }
}

// One tool output as rows of fields, with the kernel's ephemeral ports replaced by the model's
// ports of the same sockets, and what cannot match masked (maskUnmatchable).
QStringList normalisedToolRows(SocketTool tool, const QString &output, const QHash<QString, int> &portTranslation)
{
    QStringList rows;
    bool isHeader = true;
    for (QString line : output.split(u'\n', Qt::SkipEmptyParts)) {
        // lsof joins a connection's two ends into one field: "a:1->b:2".
        line.replace(QStringLiteral("->"), QStringLiteral(" -> "));
        QStringList fields = line.simplified().split(u' ', Qt::SkipEmptyParts);
        maskUnmatchable(tool, fields, isHeader);
        isHeader = false;
        for (QString &field : fields) {
            const qsizetype colon = field.lastIndexOf(u':');
            if (colon <= 0)
                continue;
            bool isNumber = false;
            const int port = field.mid(colon + 1).toInt(&isNumber);
            if (!isNumber)
                continue;
            QString addressText = field.left(colon);
            if (addressText.startsWith(u'[') && addressText.endsWith(u']'))
                addressText = addressText.mid(1, addressText.size() - 2);
            // ss and lsof write a wildcard as "*" (ss: a dual-stack [::] without IPV6_V6ONLY).
            const QStringList candidates = addressText == u"*" ? QStringList{QStringLiteral("::"), QStringLiteral("0.0.0.0")} : QStringList{addressText};
            for (const QString &candidate : candidates) {
                const auto address = IpAddress::parse(candidate);
                if (!address)
                    continue;
                const auto it = portTranslation.constFind(QStringLiteral("%1 %2").arg(plain(*address).toString()).arg(port));
                if (it != portTranslation.constEnd()) {
                    field = field.left(colon + 1) + QString::number(*it);
                    break;
                }
            }
        }
        rows << fields.join(u' ');
    }
    return rows;
}

Check compareToolOutput(SocketTool tool, const Context &c, const QString &model, const QString &kernel)
{
    QHash<QString, int> translation;   // "address port" on the kernel -> the model's port
    for (auto it = c.lastEndpoints.cbegin(); it != c.lastEndpoints.cend(); ++it) {
        const auto &[modelEndpoint, kernelEndpoint] = it.value();
        if (modelEndpoint.port != kernelEndpoint.port)
            translation.insert(QStringLiteral("%1 %2").arg(plain(kernelEndpoint.address).toString()).arg(kernelEndpoint.port), modelEndpoint.port);
    }
    const QStringList modelRows = normalisedToolRows(tool, model, {});
    const QStringList kernelRows = normalisedToolRows(tool, kernel, translation);
    if (modelRows == kernelRows)
        return {};
    QStringList sortedModel = modelRows;
    QStringList sortedKernel = kernelRows;
    sortedModel.sort();
    sortedKernel.sort();
    if (sortedModel == sortedKernel)
        return {true, QStringLiteral("the same rows in another order (%1 lists sockets in the kernel's hash-table order, which depends on the random ports)")
                          .arg(toolName(tool))};
    QStringList onlyModel;
    QStringList onlyKernel;
    for (const QString &row : modelRows) {
        if (!kernelRows.contains(row))
            onlyModel << row;
    }
    for (const QString &row : kernelRows) {
        if (!modelRows.contains(row))
            onlyKernel << row;
    }
    QString why = QStringLiteral("%1 prints other rows").arg(toolName(tool));
    if (!onlyModel.isEmpty())
        why += QStringLiteral("; only in the model: ") + onlyModel.join(QStringLiteral(" | "));
    if (!onlyKernel.isEmpty())
        why += QStringLiteral("; only on the kernel: ") + onlyKernel.join(QStringLiteral(" | "));
    return {false, why};
}

// nmap's output with the wall clock's marks replaced: the start date, the measured latency
// and the scan's duration are the clock's, not the ports'.
QString withoutNmapClock(QString output)
{
    static const std::array<std::pair<QRegularExpression, QString>, 3> marks{{
        {QRegularExpression(QStringLiteral("^(Starting Nmap .*\\) at ).*$"), QRegularExpression::MultilineOption), QStringLiteral("\\1DATE")},
        {QRegularExpression(QStringLiteral("^Host is up \\([0-9.]+s latency\\)\\.$"), QRegularExpression::MultilineOption), QStringLiteral("Host is up (LATENCY).")},
        {QRegularExpression(QStringLiteral(" scanned in [0-9.]+ seconds$"), QRegularExpression::MultilineOption), QStringLiteral(" scanned in TIME seconds")},
    }};
    for (const auto &[pattern, replacement] : marks)
        output.replace(pattern, replacement);
    return output;
}

std::optional<SocketTool> socketToolOf(const Statement &statement)
{
    if (std::holds_alternative<SsCommand>(statement.body))
        return SocketTool::Ss;
    if (std::holds_alternative<NetstatCommand>(statement.body))
        return SocketTool::Netstat;
    if (std::holds_alternative<LsofCommand>(statement.body))
        return SocketTool::Lsof;
    return std::nullopt;
}

QString subjectName(const Statement &statement)
{
    if (const auto *call = std::get_if<Call>(&statement.body)) {
        if (call->assignTo)
            return call->process.text + u'.' + call->assignTo->text;
        return call->process.text + u'.' + call->socket.text;
    }
    return {};
}

ComparisonRow compareStatement(const Statement &statement, const StatementOutcome &model, const KernelOutcome &kernel, const Context &c)
{
    ComparisonRow row;
    row.line = statement.line;
    row.statement = statement.text;
    row.isExpectation = model.isExpectation;
    row.model = modelSummary(model);
    row.kernel = kernelSummary(kernel);
    auto differ = [&row](const QString &why) {
        row.verdict = ComparisonRow::Verdict::Differ;
        row.why = why;
    };
    if (!kernel.personalityNote.isEmpty()) {
        row.verdict = ComparisonRow::Verdict::NotComparable;
        row.why = kernel.personalityNote;
        return row;
    }
    if (model.isExpectation) {
        if (model.ok != kernel.ok)
            differ(QStringLiteral("model: %1; kernel: %2").arg(model.message, kernel.message));
        return row;
    }
    if (const auto tool = socketToolOf(statement)) {
        row.modelOutput = model.output;
        row.kernelOutput = kernel.output;
        if (!kernel.ok) {
            differ(kernel.message);
            return row;
        }
        const Check check = compareToolOutput(*tool, c, model.output, kernel.output);
        row.why = check.why;
        if (!check.agree)
            row.verdict = ComparisonRow::Verdict::Differ;
        return row;
    }
    const bool isNmap = std::holds_alternative<NmapCommand>(statement.body);
    if (isNmap || std::holds_alternative<NcCommand>(statement.body)) {
        // nc's and nmap's lines hold what the scenario wrote (address, ports) and the
        // registry's names: nothing to translate. nmap's clock (its date, the latency and the
        // duration) is masked. The exit status is compared below as a call's.
        row.modelOutput = model.output;
        row.kernelOutput = kernel.output;
        if (withoutNmapClock(model.output) != withoutNmapClock(kernel.output)) {
            differ(isNmap ? QStringLiteral("nmap printed other lines (its date, latency and duration aside)") : QStringLiteral("nc printed other lines"));
            return row;
        }
    }
    if (std::holds_alternative<IptablesCommand>(statement.body)) {
        // Listings hold only what the scenario wrote and the counters of the packets both saw.
        row.modelOutput = model.output;
        row.kernelOutput = kernel.output;
        if (model.ok != kernel.ok)
            differ(QStringLiteral("model: %1; kernel: %2").arg(model.ok ? QStringLiteral("ok") : model.output, kernel.ok ? QStringLiteral("ok") : kernel.output));
        else if (model.output != kernel.output)
            differ(QStringLiteral("iptables printed other lines"));
        return row;
    }
    if (std::holds_alternative<ServicesQuery>(statement.body)) {
        if (model.output != kernel.output)
            differ(QStringLiteral("the registry printed something else"));
        return row;
    }
    const QString modelError = model.ok ? QString() : errnoName(model.error);
    if (model.ok != kernel.ok || (!model.ok && modelError != kernel.errorName)) {
        differ(QStringLiteral("model: %1; kernel: %2").arg(model.ok ? QStringLiteral("ok") : modelError + QStringLiteral(" (") + model.message + u')',
                                                          kernel.ok ? QStringLiteral("ok") : kernel.errorName));
        return row;
    }
    const QString self = subjectName(statement);
    const PortSide *subject = c.model.find(self);
    const Protocol protocol = subject ? subject->protocol : Protocol::Tcp;
    QStringList notes;
    for (const auto &[what, modelEndpoint, kernelEndpoint, isRemote] :
         {std::tuple{QStringLiteral("local"), model.local, kernel.local, false}, std::tuple{QStringLiteral("remote"), model.remote, kernel.remote, true}}) {
        const Check check = compareEndpoint(c, what, modelEndpoint, kernelEndpoint, protocol, self, isRemote);
        if (!check.agree) {
            differ(check.why);
            return row;
        }
        if (!check.why.isEmpty())
            notes << check.why;
    }
    row.why = notes.join(QStringLiteral("; "));
    return row;
}

QString fitted(const QString &text, int width)
{
    if (text.size() <= width)
        return text.leftJustified(width);
    return text.left(width - 1) + u'…';
}

} // namespace

QString verdictName(ComparisonRow::Verdict verdict)
{
    switch (verdict) {
    case ComparisonRow::Verdict::Agree: return QStringLiteral("agree");
    case ComparisonRow::Verdict::Differ: return QStringLiteral("DIFFER");
    case ComparisonRow::Verdict::NotComparable: return QStringLiteral("n/a");
    }
    return {};
}

Comparison compareScenario(QStringView source, const QString &fileName, const std::function<void(const ComparisonRow &)> &onRow)
{
    Comparison comparison;
    const ModelRun model = runModel(source, fileName);
    if (!model.errors.empty()) {
        comparison.errors = model.errors;
        comparison.exitCode = ScenarioInvalid;
        return comparison;
    }
    QStringList hosts;
    QHash<QString, QString> addressOwners;
    for (const Statement &statement : model.statements) {
        if (const auto *host = std::get_if<HostDecl>(&statement.body)) {
            hosts << host->name.text;
            for (const IpAddress &address : host->addresses)
                addressOwners.insert(address.toString(), host->name.text);
        }
    }
    std::size_t index = 0;
    QHash<QString, std::pair<Endpoint, Endpoint>> lastEndpoints;   // "nginx.s local" -> (model, kernel)
    auto compareNext = [&](const Statement &statement, const KernelOutcome &outcome, const KernelInterpreter &interpreter) {
        const Step kernel = kernelStep(interpreter, hosts);
        for (const PortSide &kernelSide : kernel.sockets) {
            const PortSide *modelSide = model.steps[index].find(kernelSide.name);
            if (!modelSide)
                continue;
            if (kernelSide.local && modelSide->local)
                lastEndpoints.insert(kernelSide.name + QStringLiteral(" local"), {*modelSide->local, *kernelSide.local});
            if (kernelSide.remote && modelSide->remote)
                lastEndpoints.insert(kernelSide.name + QStringLiteral(" remote"), {*modelSide->remote, *kernelSide.remote});
        }
        const Context context{model.steps[index], kernel, addressOwners, outcome.host, lastEndpoints};
        ComparisonRow row = compareStatement(statement, model.outcomes[index], outcome, context);
        ++index;
        switch (row.verdict) {
        case ComparisonRow::Verdict::Agree: ++comparison.agree; break;
        case ComparisonRow::Verdict::Differ: ++comparison.differ; break;
        case ComparisonRow::Verdict::NotComparable: ++comparison.notComparable; break;
        }
        if (onRow)
            onRow(row);
        comparison.rows.push_back(std::move(row));
    };
    const KernelRunResult kernel = runKernelScenario(source, fileName, compareNext);
    comparison.stopMessage = kernel.stopMessage;
    if (kernel.exitCode == KernelUnavailable || kernel.exitCode == KernelRunStopped || kernel.exitCode >= 128)
        comparison.exitCode = kernel.exitCode;
    else
        comparison.exitCode = comparison.differ > 0 ? 1 : 0;
    return comparison;
}

int runComparisonFile(const QString &path, const RunOptions &options, QTextStream &out, QTextStream &err)
{
    const std::optional<QString> read = readScenarioFile(path, err);
    if (!read)
        return ScenarioInvalid;
    const QString &source = *read;
    constexpr int statementWidth = 44;
    constexpr int resultWidth = 30;
    if (!options.json) {
        out << QStringLiteral("%1  %2  %3  %4  %5\n").arg(QStringLiteral("line"), fitted(QStringLiteral("statement"), statementWidth),
                                                          fitted(QStringLiteral("model"), resultWidth), fitted(QStringLiteral("kernel"), resultWidth),
                                                          QStringLiteral("verdict"));
        out.flush();
    }
    auto print = [&](const ComparisonRow &row) {
        if (options.json) {
            QJsonObject o;
            o.insert(QStringLiteral("line"), row.line);
            o.insert(QStringLiteral("statement"), row.statement);
            o.insert(QStringLiteral("model"), row.model);
            o.insert(QStringLiteral("kernel"), row.kernel);
            o.insert(QStringLiteral("verdict"), verdictName(row.verdict).toLower());
            o.insert(QStringLiteral("why"), row.why);
            if (row.isExpectation)
                o.insert(QStringLiteral("expectation"), true);
            if (!row.modelOutput.isEmpty() || !row.kernelOutput.isEmpty()) {
                o.insert(QStringLiteral("model_output"), row.modelOutput);
                o.insert(QStringLiteral("kernel_output"), row.kernelOutput);
            }
            out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
            out.flush();
            return;
        }
        out << QStringLiteral("%1  %2  %3  %4  %5\n").arg(row.line, 4).arg(fitted(row.statement, statementWidth), fitted(row.model, resultWidth),
                                                            fitted(row.kernel, resultWidth), verdictName(row.verdict));
        const bool explain = row.verdict != ComparisonRow::Verdict::Agree || (options.events && !row.why.isEmpty());
        if (explain)
            out << QStringLiteral("      %1\n").arg(row.why);
        if (row.verdict == ComparisonRow::Verdict::Differ && (!row.modelOutput.isEmpty() || !row.kernelOutput.isEmpty())) {
            out << QStringLiteral("      model:\n");
            for (const QString &line : row.modelOutput.split(u'\n'))
                out << QStringLiteral("        ") << line << '\n';
            out << QStringLiteral("      kernel:\n");
            for (const QString &line : row.kernelOutput.split(u'\n'))
                out << QStringLiteral("        ") << line << '\n';
        }
        out.flush();
    };
    const Comparison comparison = compareScenario(source, path, print);
    if (!comparison.errors.empty())
        return runScenarioFile(path, options, out, err);   // reported as the model reports it
    if (comparison.exitCode == KernelUnavailable) {
        err << QStringLiteral("portlab: cannot run on the kernel, so there is nothing to compare: %1\n").arg(comparison.stopMessage);
        return comparison.exitCode;
    }
    if (!comparison.stopMessage.isEmpty())
        err << QStringLiteral("portlab: the kernel run stopped: %1 (every namespace and helper process it made has been removed)\n").arg(comparison.stopMessage);
    if (!options.json)
        out << QStringLiteral("%1 statements: %2 agree, %3 differ, %4 not comparable\n")
                   .arg(comparison.rows.size()).arg(comparison.agree).arg(comparison.differ).arg(comparison.notComparable);
    return comparison.exitCode;
}

} // namespace portlab::kernel
