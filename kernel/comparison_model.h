// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "compare.h"

#include <QAbstractListModel>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

namespace portlab::kernel {

// "Run on this computer's kernel", for a view: compares a scenario on the model and on the
// kernel in a worker thread (the kernel takes real time: waits, SYN retries) and fills one
// row per statement as the kernel runs it. The thin adapter a QML panel binds to; all the
// work is compareScenario's.
class ComparisonModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    Q_PROPERTY(int agreeing READ agreeing NOTIFY statusChanged)
    Q_PROPERTY(int differing READ differing NOTIFY statusChanged)
    Q_PROPERTY(int notComparable READ notComparable NOTIFY statusChanged)
    Q_PROPERTY(QString unavailableReason READ unavailableReason CONSTANT)

public:
    enum Role {
        LineRole = Qt::UserRole + 1,
        StatementRole,
        ModelRole,        // "ok 10.0.0.2:40002 → 10.0.0.1:80", "EADDRINUSE", "pass"
        KernelRole,
        VerdictRole,      // "agree", "differ", "n/a"
        WhyRole,          // what differs, how a random port was judged, or why not comparable
        ExpectationRole,
        ModelOutputRole,  // a tool's output (ss), for rows that are a tool's
        KernelOutputRole,
    };
    Q_ENUM(Role)

    explicit ComparisonModel(QObject *parent = nullptr);
    ~ComparisonModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool running() const { return m_running; }
    QString status() const { return m_status; }
    int agreeing() const { return m_agreeing; }
    int differing() const { return m_differing; }
    int notComparable() const { return m_notComparable; }
    // Empty when this program can run scenarios on the kernel (as root); else why it cannot.
    // Found out once, on the first read: finding out forks this process.
    QString unavailableReason() const;

    // Starts a comparison of this scenario text; rows arrive as the kernel runs it. Ignored
    // while one is running.
    Q_INVOKABLE void compare(const QString &scenario, const QString &fileName = QStringLiteral("scenario"));
    // Stops the kernel run in progress; its namespaces and helpers are removed as always.
    Q_INVOKABLE void stop();

Q_SIGNALS:
    void runningChanged();
    void statusChanged();
    void finished(int exitCode);

private:
    void addRow(const ComparisonRow &row);
    void finish(const Comparison &comparison);
    void setStatus(const QString &status);

    std::vector<ComparisonRow> m_rows;
    bool m_running = false;
    QString m_status;
    int m_agreeing = 0;
    int m_differing = 0;
    int m_notComparable = 0;
    mutable std::optional<QString> m_unavailableReason;
    std::shared_ptr<std::atomic<bool>> m_stop;   // shared with the worker, which may outlive a stop
    std::thread m_worker;
};

} // namespace portlab::kernel
