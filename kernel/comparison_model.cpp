// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison_model.h"

#include "network_lab.h"

#include <QMetaObject>

#include <unistd.h>

namespace portlab::kernel {

ComparisonModel::ComparisonModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

ComparisonModel::~ComparisonModel()
{
    // The run removes its namespaces and helpers before the thread ends; wait for that.
    if (m_worker.joinable()) {
        m_stop->store(true);
        RunControl::requestStop();
        m_worker.join();
    }
}

int ComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const ComparisonRow &row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case LineRole: return row.line;
    case Qt::DisplayRole:
    case StatementRole: return row.statement;
    case ModelRole: return row.model;
    case KernelRole: return row.kernel;
    case VerdictRole: return verdictName(row.verdict).toLower();
    case WhyRole: return row.why;
    case ExpectationRole: return row.isExpectation;
    case ModelOutputRole: return row.modelOutput;
    case KernelOutputRole: return row.kernelOutput;
    default: return {};
    }
}

QHash<int, QByteArray> ComparisonModel::roleNames() const
{
    return {
        {LineRole, "line"},       {StatementRole, "statement"},     {ModelRole, "model"},
        {KernelRole, "kernel"},   {VerdictRole, "verdict"},         {WhyRole, "why"},
        {ExpectationRole, "expectation"}, {ModelOutputRole, "modelOutput"}, {KernelOutputRole, "kernelOutput"},
    };
}

QString ComparisonModel::unavailableReason() const
{
    if (!m_unavailableReason)
        m_unavailableReason = NetworkLab::unavailableReason();
    return *m_unavailableReason;
}

void ComparisonModel::setStatus(const QString &status)
{
    m_status = status;
    Q_EMIT statusChanged();
}

void ComparisonModel::compare(const QString &scenario, const QString &fileName)
{
    if (m_running)
        return;
    if (m_worker.joinable())
        m_worker.join();   // finished already: its last message has been delivered
    beginResetModel();
    m_rows.clear();
    m_agreeing = m_differing = m_notComparable = 0;
    endResetModel();
    m_running = true;
    Q_EMIT runningChanged();
    setStatus(tr("Running on this computer's kernel…"));
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_worker = std::thread([this, scenario, fileName, stop = m_stop] {
        auto onRow = [this, stop](const ComparisonRow &row) {
            if (stop->load())
                throw RunAborted(RunAborted::Reason::Interrupted, tr("stopped on request"));
            QMetaObject::invokeMethod(this, [this, row] { addRow(row); }, Qt::QueuedConnection);
        };
        const Comparison comparison = compareScenario(scenario, fileName, onRow);
        QMetaObject::invokeMethod(this, [this, comparison] { finish(comparison); }, Qt::QueuedConnection);
    });
}

void ComparisonModel::stop()
{
    if (!m_running || !m_stop)
        return;
    m_stop->store(true);
    RunControl::requestStop();
}

void ComparisonModel::addRow(const ComparisonRow &row)
{
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(row);
    endInsertRows();
    switch (row.verdict) {
    case ComparisonRow::Verdict::Agree: ++m_agreeing; break;
    case ComparisonRow::Verdict::Differ: ++m_differing; break;
    case ComparisonRow::Verdict::NotComparable: ++m_notComparable; break;
    }
    setStatus(tr("%n statement(s) so far: ", nullptr, at + 1) + tr("%1 agree, %2 differ").arg(m_agreeing).arg(m_differing));
}

void ComparisonModel::finish(const Comparison &comparison)
{
    if (!comparison.errors.empty())
        setStatus(tr("The scenario has %n error(s); nothing was run.", nullptr, static_cast<int>(comparison.errors.size())));
    else if (comparison.exitCode == KernelUnavailable)
        setStatus(tr("Cannot run on this computer's kernel: %1").arg(comparison.stopMessage));
    else if (!comparison.stopMessage.isEmpty())
        setStatus(tr("The kernel run stopped (%1); everything it made has been removed.").arg(comparison.stopMessage));
    else if (m_differing == 0)
        setStatus(tr("The kernel agrees on all %n statement(s)", nullptr, static_cast<int>(m_rows.size()))
                  + (m_notComparable > 0 ? tr(" (%n not comparable: not a Linux host)", nullptr, m_notComparable) : QString()) + u'.');
    else
        setStatus(tr("The kernel differs from the model on %n statement(s).", nullptr, m_differing));
    m_running = false;
    Q_EMIT runningChanged();
    Q_EMIT finished(comparison.exitCode);
}

} // namespace portlab::kernel
