// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input never crashes the scenario runner and never half-runs: every golden scenario,
// corrupted in many seeded ways, either runs to the end (exit 0 or 1) or is refused whole
// (exit 2) with each error located at a line and column of the file.
#include "net/rng.h"
#include "script/runner.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace portlab;

class TestScriptRobustness : public QObject
{
    Q_OBJECT

private:
    static QStringList scenarios()
    {
        const QDir dir(QStringLiteral(PORTLAB_SCENARIO_DIR));
        QStringList sources;
        for (const QString &name : dir.entryList({QStringLiteral("*.portlab")}, QDir::Files, QDir::Name)) {
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                sources << QString::fromUtf8(file.readAll());
        }
        return sources;
    }

    // One random edit: the kinds of mistake an author makes, and some no author would.
    static QString mutate(QString text, Rng &rng)
    {
        static const QString alphabet = QStringLiteral(" \t:=.[]\"\\#%*-0123456789abcxyzSOREUSEPORT\xe9\u00ff\u4e2d\n");
        const auto position = [&](qsizetype size) { return static_cast<qsizetype>(rng.below(static_cast<std::uint32_t>(size + 1))); };
        switch (rng.below(6)) {
        case 0: {   // delete a run of characters
            const qsizetype at = position(text.size());
            text.remove(at, 1 + rng.below(12));
            break;
        }
        case 1: {   // insert characters
            const qsizetype at = position(text.size());
            for (std::uint32_t i = 0, n = 1 + rng.below(6); i < n; ++i)
                text.insert(at, alphabet[rng.below(static_cast<std::uint32_t>(alphabet.size()))]);
            break;
        }
        case 2: {   // swap two lines
            QStringList lines = text.split(u'\n');
            if (lines.size() > 1)
                lines.swapItemsAt(rng.below(static_cast<std::uint32_t>(lines.size())), rng.below(static_cast<std::uint32_t>(lines.size())));
            text = lines.join(u'\n');
            break;
        }
        case 3: {   // duplicate a line
            QStringList lines = text.split(u'\n');
            const auto at = rng.below(static_cast<std::uint32_t>(lines.size()));
            lines.insert(at, lines[at]);
            text = lines.join(u'\n');
            break;
        }
        case 4: {   // drop a line
            QStringList lines = text.split(u'\n');
            lines.removeAt(rng.below(static_cast<std::uint32_t>(lines.size())));
            text = lines.join(u'\n');
            break;
        }
        default: {  // replace a digit, so numbers go out of range
            const qsizetype at = position(text.size() - 1);
            if (at < text.size() && text[at].isDigit())
                text[at] = QChar(u'0' + static_cast<char16_t>(rng.below(10)));
            else
                text.insert(at, QStringLiteral("99999"));
        }
        }
        return text;
    }

private Q_SLOTS:
    void corruptedScenariosAreRefusedOrRunWhole()
    {
        const QStringList sources = scenarios();
        QVERIFY2(sources.size() >= 30, "the golden scenarios were not found");
        Rng rng(20261121);
        int refused = 0;
        int ran = 0;
        for (const QString &source : sources) {
            for (int round = 0; round < 150; ++round) {
                QString text = source;
                for (std::uint32_t edits = 1 + rng.below(3); edits > 0; --edits)
                    text = mutate(text, rng);
                World world(rng.next());
                Interpreter interpreter(world);
                const ScenarioRun run = runScenario(interpreter, text, QStringLiteral("mutated.portlab"));
                const qsizetype lineCount = text.split(u'\n').size();
                QVERIFY(run.exitCode == RunSucceeded || run.exitCode == ExpectationFailed || run.exitCode == ScenarioInvalid);
                if (run.exitCode == ScenarioInvalid) {
                    ++refused;
                    QVERIFY2(run.outcomes.empty(), "an invalid scenario must not run any statement");
                    for (const Diagnostic &d : run.errors) {
                        QVERIFY2(d.line >= 1 && d.line <= lineCount, qPrintable(d.toString()));
                        QVERIFY2(d.column >= 1, qPrintable(d.toString()));
                        QVERIFY2(!d.message.isEmpty(), qPrintable(text));
                    }
                } else {
                    ++ran;
                    QVERIFY(run.errors.empty());
                }
            }
        }
        // Both kinds of outcome must occur, or the mutations are not testing anything.
        QVERIFY(refused > 500);
        QVERIFY(ran > 500);
    }
};

QTEST_GUILESS_MAIN(TestScriptRobustness)
#include "tst_script_robustness.moc"
