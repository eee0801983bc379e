// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson.h"

#include "script/nearest_name.h"

#include <QFile>
#include <QRegularExpression>

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace portlab {

namespace {

struct NodeDeleter {
    void operator()(cmark_node *node) const { cmark_node_free(node); }
};
struct IterDeleter {
    void operator()(cmark_iter *iter) const { cmark_iter_free(iter); }
};

const QStringList blockKinds = {QStringLiteral("setup"), QStringLiteral("scenario"), QStringLiteral("predict"), QStringLiteral("quiz"), QStringLiteral("goal"),
                                QStringLiteral("solution"), QStringLiteral("camera"), QStringLiteral("notes")};
const QStringList shownAsCode = {QString(), QStringLiteral("text")};

QString nearest(const QString &word, const QStringList &known)
{
    return nearestName(word.toLower(), known);
}

// Reads one lesson: collects diagnostics instead of stopping at the first problem, so an author
// sees them all at once.
class LessonReader {
public:
    LessonReader(QStringView text, const QString &fileName)
        : m_fileName(fileName)
    {
        m_lines = text.toString().split(QLatin1Char('\n'));
        for (QString &line : m_lines) {
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
        }
        m_lesson.file = fileName;
    }

    LessonRead read()
    {
        const int bodyStart = readFrontMatter();
        if (bodyStart > 0)
            readBody(bodyStart);
        LessonRead result;
        std::stable_sort(m_errors.begin(), m_errors.end(), [](const Diagnostic &a, const Diagnostic &b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        result.errors = std::move(m_errors);
        if (result.errors.empty())
            result.lesson = std::move(m_lesson);
        return result;
    }

private:
    void error(int line, int column, const QString &message, const QString &hint)
    {
        m_errors.push_back({m_fileName, line, column, message, hint});
    }

    QString lineText(int line) const { return line >= 1 && line <= m_lines.size() ? m_lines[line - 1] : QString(); }

    static int indentOf(const QString &line)
    {
        int n = 0;
        while (n < line.size() && line[n].isSpace())
            ++n;
        return n;
    }

    // --- front matter ------------------------------------------------------------------------

    // Returns the first line after the front matter, or 0 when there is none to speak of.
    int readFrontMatter()
    {
        if (m_lines.isEmpty() || m_lines.first().trimmed() != u"---") {
            error(1, 1, QStringLiteral("a lesson starts with front matter: a '---' line, 'key: value' lines, and another '---' line"),
                  QStringLiteral("begin the file with a '---' line; then format, id, title, summary, duration, prerequisites "
                                 "and objectives; then '---' (lessons/README.md has a complete example)"));
            return 0;
        }
        int end = 0;
        for (int i = 1; i < m_lines.size(); ++i) {
            if (m_lines[i].trimmed() == u"---") {
                end = i + 1;   // the closing line, 1-based
                break;
            }
        }
        if (end == 0) {
            error(1, 1, QStringLiteral("the front matter is never closed"), QStringLiteral("end it with a line of three dashes: ---"));
            return 0;
        }

        QHash<QString, int> seen;
        QString listKey;   // the key whose "  - item" lines follow
        for (int line = 2; line < end; ++line) {
            const QString text = lineText(line);
            if (text.trimmed().isEmpty() || text.trimmed().startsWith(QLatin1Char('#')))
                continue;
            if (indentOf(text) > 0 && text.trimmed().startsWith(QLatin1String("- "))) {
                if (listKey.isEmpty()) {
                    error(line, indentOf(text) + 1, QStringLiteral("a list item with no key above it"),
                          QStringLiteral("list items belong under 'objectives:' or 'prerequisites:'"));
                    continue;
                }
                listItem(listKey, text.trimmed().mid(2).trimmed());
                continue;
            }
            const qsizetype colon = text.indexOf(QLatin1Char(':'));
            if (colon <= 0 || indentOf(text) > 0) {
                error(line, 1, QStringLiteral("expected 'key: value'"), QStringLiteral("each front-matter line is a key, a colon and a value, like: title: Binding twice"));
                continue;
            }
            const QString key = text.left(colon).trimmed();
            const QString value = text.mid(colon + 1).trimmed();
            const int valueColumn = static_cast<int>(colon) + 2 + indentOf(text.mid(colon + 1));
            listKey.clear();
            if (seen.contains(key)) {
                error(line, 1, QStringLiteral("'%1' is given twice (first on line %2)").arg(key).arg(seen.value(key)), QStringLiteral("keep one of them"));
                continue;
            }
            seen.insert(key, line);
            frontMatterValue(key, value, line, valueColumn, &listKey);
        }
        for (const char *required : {"format", "id", "title", "summary", "duration", "prerequisites", "objectives"}) {
            if (!seen.contains(QLatin1String(required)))
                error(end, 1, QStringLiteral("the front matter has no '%1'").arg(QLatin1String(required)),
                      QStringLiteral("add a line '%1: …' before the closing ---").arg(QLatin1String(required)));
        }
        if (seen.contains(QStringLiteral("objectives")) && m_lesson.objectives.isEmpty())
            error(seen.value(QStringLiteral("objectives")), 1, QStringLiteral("a lesson needs at least one objective"),
                  QStringLiteral("list them under the key, one per line: '  - Predict what bind returns'"));
        return end + 1;
    }

    void listItem(const QString &key, const QString &item)
    {
        if (key == u"objectives")
            m_lesson.objectives.append(item);
        else
            m_lesson.prerequisites.append(item);
    }

    void frontMatterValue(const QString &key, const QString &value, int line, int column, QString *listKey)
    {
        static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
        if (key == u"format") {
            if (value != QString::number(LessonFormatVersion))
                error(line, column, QStringLiteral("unknown format '%1'").arg(value),
                      QStringLiteral("this version of PortLab reads format %1").arg(LessonFormatVersion));
            m_lesson.format = LessonFormatVersion;
        } else if (key == u"id") {
            if (!idPattern.match(value).hasMatch())
                error(line, column, QStringLiteral("'%1' is not a lesson id").arg(value),
                      QStringLiteral("use lowercase letters and digits in words joined by '-', like: binding-twice"));
            m_lesson.id = value;
            m_lesson.idLine = line;
        } else if (key == u"title" || key == u"summary") {
            if (value.isEmpty())
                error(line, column, QStringLiteral("'%1' is empty").arg(key), QStringLiteral("write it on the same line, after the colon"));
            (key == u"title" ? m_lesson.title : m_lesson.summary) = value;
        } else if (key == u"duration") {
            bool ok = false;
            const int minutes = value.toInt(&ok);
            if (!ok || minutes < 5 || minutes > 15)
                error(line, column, QStringLiteral("duration '%1' is not a whole number of minutes from 5 to 15").arg(value),
                      QStringLiteral("say how long a student needs, like: duration: 10"));
            m_lesson.minutes = minutes;
        } else if (key == u"prerequisites" || key == u"objectives") {
            if (value.isEmpty()) {
                *listKey = key;
            } else if (value.startsWith(QLatin1Char('[')) && value.endsWith(QLatin1Char(']'))) {
                for (const QString &item : value.mid(1, value.size() - 2).split(QLatin1Char(','), Qt::SkipEmptyParts))
                    listItem(key, item.trimmed());
            } else {
                error(line, column, QStringLiteral("'%1' is a list").arg(key),
                      QStringLiteral("write it as [a, b] on the same line, or as '  - item' lines below the key"));
            }
            if (key == u"prerequisites") {
                m_lesson.prerequisitesLine = line;
                for (const QString &id : std::as_const(m_lesson.prerequisites)) {
                    if (!idPattern.match(id).hasMatch())
                        error(line, column, QStringLiteral("'%1' is not a lesson id").arg(id), QStringLiteral("prerequisites are the ids of other lessons"));
                }
            }
        } else {
            static const QStringList known = {QStringLiteral("format"), QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("summary"),
                                              QStringLiteral("duration"), QStringLiteral("prerequisites"), QStringLiteral("objectives")};
            const QString guess = nearest(key, known);
            error(line, 1, QStringLiteral("unknown front-matter key '%1'").arg(key),
                  guess.isEmpty() ? QStringLiteral("the keys are: %1").arg(known.join(QStringLiteral(", "))) : QStringLiteral("did you mean '%1'?").arg(guess));
        }
    }

    // --- body --------------------------------------------------------------------------------

    void readBody(int bodyStart)
    {
        // cmark sees the front matter as blank lines, so its line numbers are the file's.
        QStringList body = m_lines;
        for (int i = 0; i < bodyStart - 1 && i < body.size(); ++i)
            body[i].clear();
        const QByteArray utf8 = body.join(QLatin1Char('\n')).toUtf8();
        std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parse_document(utf8.constData(), static_cast<size_t>(utf8.size()), CMARK_OPT_VALIDATE_UTF8));

        LessonStep *step = nullptr;
        QStringList narration;
        QStringList afterPrediction;   // the step's prose below its prediction, kept until it is locked in
        auto finishStep = [&] {
            if (step) {
                step->narration = narration.join(QStringLiteral("\n\n"));
                step->afterPrediction = afterPrediction.join(QStringLiteral("\n\n"));
            }
            narration.clear();
            afterPrediction.clear();
        };
        bool seenTitle = false;
        for (cmark_node *node = cmark_node_first_child(document.get()); node; node = cmark_node_next(node)) {
            const int start = cmark_node_get_start_line(node);
            const int end = cmark_node_get_end_line(node);
            const cmark_node_type type = cmark_node_get_type(node);
            if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 2) {
                finishStep();
                m_lesson.steps.emplace_back();
                step = &m_lesson.steps.back();
                step->line = start;
                step->title = plainText(node);
                if (step->title.isEmpty())
                    error(start, 1, QStringLiteral("a step heading with no title"), QStringLiteral("name the step: ## Binding twice"));
                continue;
            }
            if (!step) {
                if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1 && !seenTitle) {
                    seenTitle = true;
                    continue;
                }
                error(start, cmark_node_get_start_column(node), QStringLiteral("text before the first step"),
                      QStringLiteral("start each step with a '## ' heading; before the first one only a '# Title' line may stand"));
                continue;
            }
            if (type == CMARK_NODE_CODE_BLOCK) {
                const QString info = QString::fromUtf8(cmark_node_get_fence_info(node)).trimmed().section(QLatin1Char(' '), 0, 0);
                if (blockKinds.contains(info)) {
                    block(*step, info, node);
                    continue;
                }
                if (!shownAsCode.contains(info)) {
                    const QString guess = nearest(info, blockKinds);
                    error(start, cmark_node_get_start_column(node) + 3, QStringLiteral("unknown block type '%1'").arg(info),
                          guess.isEmpty() ? QStringLiteral("the blocks are %1; a block to show as code has no info string, or 'text'").arg(blockKinds.join(QStringLiteral(", ")))
                                          : QStringLiteral("did you mean '%1'?").arg(guess));
                    continue;
                }
            }
            if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) == 1)
                error(start, 1, QStringLiteral("a '# ' heading inside a lesson"), QStringLiteral("steps are '## ' headings; a heading inside a step is '### '"));
            nestedBlocks(node);
            (step->prediction ? afterPrediction : narration).append(sourceText(start, end));
        }
        finishStep();
        if (m_lesson.steps.empty())
            error(static_cast<int>(m_lines.size()), 1, QStringLiteral("the lesson has no steps"), QStringLiteral("add a step: a '## ' heading and what the student reads and does there"));
        collectReferences(document.get());
    }

    QString sourceText(int start, int end) const
    {
        QStringList part;
        for (int line = start; line <= end; ++line)
            part.append(lineText(line));
        return part.join(QLatin1Char('\n'));
    }

    static QString plainText(cmark_node *node)
    {
        QString text;
        std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(node));
        for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
            cmark_node *current = cmark_iter_get_node(iter.get());
            if (event == CMARK_EVENT_ENTER && (cmark_node_get_type(current) == CMARK_NODE_TEXT || cmark_node_get_type(current) == CMARK_NODE_CODE))
                text += QString::fromUtf8(cmark_node_get_literal(current));
        }
        return text.trimmed();
    }

    // A lesson block inside a list or a quote would be shown as code and never run.
    void nestedBlocks(cmark_node *container)
    {
        std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(container));
        for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
            cmark_node *node = cmark_iter_get_node(iter.get());
            if (event != CMARK_EVENT_ENTER || node == container || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK)
                continue;
            const QString info = QString::fromUtf8(cmark_node_get_fence_info(node)).trimmed().section(QLatin1Char(' '), 0, 0);
            if (blockKinds.contains(info))
                error(cmark_node_get_start_line(node), cmark_node_get_start_column(node), QStringLiteral("a '%1' block inside a list or a quote").arg(info),
                      QStringLiteral("lesson blocks must stand on their own at the left margin"));
        }
    }

    // The lines between a fenced block's fences, as written in the file.
    std::vector<SourceLine> blockLines(cmark_node *node) const
    {
        std::vector<SourceLine> lines;
        const QString literal = QString::fromUtf8(cmark_node_get_literal(node));
        QStringList content = literal.split(QLatin1Char('\n'));
        if (!content.isEmpty() && content.last().isEmpty())
            content.removeLast();
        const int first = cmark_node_get_start_line(node) + 1;
        for (int i = 0; i < content.size(); ++i)
            lines.push_back({first + i, lineText(first + i)});
        return lines;
    }

    void block(LessonStep &step, const QString &kind, cmark_node *node)
    {
        const int line = cmark_node_get_start_line(node);
        auto once = [&](bool already) {
            if (already)
                error(line, 1, QStringLiteral("a second '%1' block in step '%2'").arg(kind, step.title),
                      QStringLiteral("a step has at most one '%1' block; merge them, or start a new step with '## '").arg(kind));
            return !already;
        };
        const std::vector<SourceLine> lines = blockLines(node);
        if (kind == u"setup") {
            if (once(step.setupLine != 0)) {
                step.setup = lines;
                step.setupLine = line;
                if (step.prediction || step.scenarioLine != 0 || step.goal)
                    error(line, 1, QStringLiteral("the setup comes after the step's prediction, scenario or goal"),
                          QStringLiteral("put the 'setup' block first: it builds the scene the rest of the step is about"));
            }
        } else if (kind == u"scenario") {
            if (once(step.scenarioLine != 0)) {
                step.scenario = lines;
                step.scenarioLine = line;
                if (step.goal)
                    error(line, 1, QStringLiteral("the scenario comes after the goal"), QStringLiteral("put the 'scenario' block before the 'goal': it sets the scene the goal starts from"));
            }
        } else if (kind == u"predict") {
            if (once(step.prediction.has_value())) {
                std::vector<Question> questions = readQuestions(lines, line);
                if (questions.size() > 1)
                    error(questions[1].line, 1, QStringLiteral("a 'predict' block asks one question"), QStringLiteral("move the others to a 'quiz' block"));
                if (!questions.empty())
                    step.prediction = questions.front();
                if (step.scenarioLine != 0)
                    error(line, 1, QStringLiteral("the prediction comes after the scenario it is about"),
                          QStringLiteral("put the 'predict' block before the 'scenario': the student predicts, then sees it run"));
            }
        } else if (kind == u"quiz") {
            if (once(!step.quiz.empty()))
                step.quiz = readQuestions(lines, line);
        } else if (kind == u"goal") {
            if (once(step.goal.has_value()))
                step.goal = readGoal(lines, line);
        } else if (kind == u"solution") {
            if (!step.goal) {
                error(line, 1, QStringLiteral("a 'solution' with no 'goal' before it in this step"), QStringLiteral("a solution shows how to meet the step's goal; put it right after the 'goal' block"));
            } else if (step.goal->solutionLine != 0) {
                once(true);
            } else {
                step.goal->solution = lines;
                step.goal->solutionLine = line;
                if (lines.empty())
                    error(line, 1, QStringLiteral("an empty solution"), QStringLiteral("write the statements that meet the goal"));
            }
        } else if (kind == u"camera") {
            if (once(step.camera.has_value()))
                step.camera = readCamera(lines, line);
        } else if (kind == u"notes") {
            if (once(!step.notes.isEmpty()))
                step.notes = QString::fromUtf8(cmark_node_get_literal(node)).trimmed();
        }
    }

    // "key: value" fields with continuation lines (indented), in order.
    struct Field {
        int line = 0;
        int column = 0;
        QString key;
        QString value;
    };
    std::vector<Field> readFields(const std::vector<SourceLine> &lines, const QStringList &keys, bool allowExpect)
    {
        std::vector<Field> fields;
        for (const SourceLine &source : lines) {
            const QString trimmed = source.text.trimmed();
            const int column = indentOf(source.text) + 1;
            if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
                continue;
            if (allowExpect && trimmed.startsWith(QLatin1String("expect "))) {
                fields.push_back({source.line, column, QStringLiteral("expect"), trimmed});
                continue;
            }
            const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
            const QString key = colon > 0 ? trimmed.left(colon) : QString();
            if (column > 1 && !fields.empty() && fields.back().key != u"expect") {
                fields.back().value += QLatin1Char('\n') + trimmed;
                continue;
            }
            if (!keys.contains(key)) {
                const QString guess = key.isEmpty() ? QString() : nearest(key, keys);
                error(source.line, column, key.isEmpty() ? QStringLiteral("expected 'key: value'") : QStringLiteral("unknown field '%1'").arg(key),
                      guess.isEmpty() ? QStringLiteral("the fields here are %1%2; indent a line to continue the one above")
                                            .arg(keys.join(QStringLiteral(", ")), allowExpect ? QStringLiteral(" and 'expect …' lines") : QString())
                                      : QStringLiteral("did you mean '%1'?").arg(guess));
                continue;
            }
            fields.push_back({source.line, column, key, trimmed.mid(colon + 1).trimmed()});
        }
        return fields;
    }

    std::vector<Question> readQuestions(const std::vector<SourceLine> &lines, int blockLine)
    {
        static const QStringList keys = {QStringLiteral("question"), QStringLiteral("choice"), QStringLiteral("answer"), QStringLiteral("explain")};
        std::vector<Question> questions;
        for (const Field &field : readFields(lines, keys, false)) {
            if (field.key == u"question") {
                questions.push_back({});
                questions.back().line = field.line;
                questions.back().prompt = field.value;
                continue;
            }
            if (questions.empty()) {
                error(field.line, field.column, QStringLiteral("'%1' before any 'question:'").arg(field.key), QStringLiteral("start with the question: question: …"));
                continue;
            }
            Question &q = questions.back();
            if (field.key == u"explain") {
                q.explanation = field.value;
            } else {
                if (field.key == u"answer") {
                    if (q.answer >= 0)
                        error(field.line, field.column, QStringLiteral("a second 'answer:'"), QStringLiteral("a question has one right answer; make the others 'choice:'"));
                    q.answer = static_cast<int>(q.choices.size());
                }
                q.choices.append(field.value);
            }
        }
        if (questions.empty())
            error(blockLine, 1, QStringLiteral("no question in this block"), QStringLiteral("write one: question: …, then choice: / answer: lines and explain: …"));
        for (const Question &q : questions) {
            if (q.choices.size() < 2 || q.choices.size() > 6)
                error(q.line, 1, QStringLiteral("a question has %1 choices").arg(q.choices.size()), QStringLiteral("give from two to six: 'choice:' lines and one 'answer:'"));
            if (q.answer < 0)
                error(q.line, 1, QStringLiteral("a question with no 'answer:'"), QStringLiteral("mark the right choice by writing it as 'answer:' instead of 'choice:'"));
            if (q.explanation.isEmpty())
                error(q.line, 1, QStringLiteral("a question with no 'explain:'"), QStringLiteral("say why the answer is right; the student reads it after answering"));
        }
        return questions;
    }

    Goal readGoal(const std::vector<SourceLine> &lines, int blockLine)
    {
        static const QStringList keys = {QStringLiteral("task"), QStringLiteral("hint")};
        Goal goal;
        goal.line = blockLine;
        for (const Field &field : readFields(lines, keys, true)) {
            if (field.key == u"task")
                goal.task = field.value;
            else if (field.key == u"hint")
                goal.hint = field.value;
            else
                goal.expectations.push_back({field.line, lineText(field.line)});
        }
        if (goal.task.isEmpty())
            error(blockLine, 1, QStringLiteral("a goal with no 'task:'"), QStringLiteral("say what the student should do: task: …"));
        if (goal.hint.isEmpty())
            error(blockLine, 1, QStringLiteral("a goal with no 'hint:'"), QStringLiteral("give a hint for after a try that did not meet the goal: hint: …"));
        if (goal.expectations.empty())
            error(blockLine, 1, QStringLiteral("a goal with no 'expect' line"), QStringLiteral("say how the app knows it is met, like: expect web.s state LISTEN"));
        return goal;
    }

    CameraHint readCamera(const std::vector<SourceLine> &lines, int blockLine)
    {
        static const QStringList keys = {QStringLiteral("host"), QStringLiteral("layer")};
        static const QStringList layers = {QStringLiteral("application"), QStringLiteral("transport"), QStringLiteral("network"), QStringLiteral("link")};
        CameraHint camera;
        camera.line = blockLine;
        for (const Field &field : readFields(lines, keys, false)) {
            if (field.key == u"host") {
                camera.host = field.value;
                continue;
            }
            const qsizetype index = layers.indexOf(field.value.toLower());
            if (index < 0) {
                error(field.line, field.column + 7, QStringLiteral("unknown layer '%1'").arg(field.value), QStringLiteral("the layers are %1").arg(layers.join(QStringLiteral(", "))));
                continue;
            }
            camera.layer = static_cast<StackLayer>(index);
        }
        if (camera.layer && camera.host.isEmpty())
            error(blockLine, 1, QStringLiteral("a layer with no host"), QStringLiteral("say whose stack to open: host: NAME"));
        return camera;
    }

    // Links and images to files beside the lesson. cmark keeps no position for inline nodes, so
    // the target is looked for in its block's lines.
    void collectReferences(cmark_node *document)
    {
        static const QRegularExpression scheme(QStringLiteral("^[a-zA-Z][a-zA-Z0-9+.-]*:"));
        std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
        int blockStart = 1;
        int blockEnd = 1;
        for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
            cmark_node *node = cmark_iter_get_node(iter.get());
            if (event != CMARK_EVENT_ENTER)
                continue;
            const cmark_node_type type = cmark_node_get_type(node);
            if (cmark_node_get_start_line(node) > 0 && type < CMARK_NODE_FIRST_INLINE) {
                blockStart = cmark_node_get_start_line(node);
                blockEnd = cmark_node_get_end_line(node);
            }
            if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
                continue;
            const QString url = QString::fromUtf8(cmark_node_get_url(node));
            if (url.isEmpty() || url.startsWith(QLatin1Char('#')) || scheme.match(url).hasMatch())
                continue;
            LocalReference reference{blockStart, 1, url.section(QLatin1Char('#'), 0, 0), type == CMARK_NODE_IMAGE};
            for (int line = blockStart; line <= blockEnd; ++line) {
                const qsizetype at = lineText(line).indexOf(url);
                if (at >= 0) {
                    reference.line = line;
                    reference.column = static_cast<int>(at) + 1;
                    break;
                }
            }
            m_lesson.references.push_back(reference);
        }
    }

    QString m_fileName;
    QStringList m_lines;
    Lesson m_lesson;
    std::vector<Diagnostic> m_errors;
};

} // namespace

LessonRead readLesson(QStringView text, const QString &fileName)
{
    return LessonReader(text, fileName).read();
}

LessonRead readLessonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        LessonRead result;
        result.errors.push_back({path, 0, 0, QStringLiteral("cannot read the lesson: %1").arg(file.errorString()), QStringLiteral("check the path and that the file is readable")});
        return result;
    }
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.contains(QChar::ReplacementCharacter) && !bytes.contains("\xEF\xBF\xBD")) {
        LessonRead result;
        result.errors.push_back({path, 1, 1, QStringLiteral("the lesson is not UTF-8 text"), QStringLiteral("save it as UTF-8")});
        return result;
    }
    return readLesson(text, path);
}

namespace {

QString escapedHtml(const QString &text)
{
    return text.toHtmlEscaped();
}

cmark_node *htmlNode(cmark_node_type type, const QString &html)
{
    cmark_node *node = cmark_node_new(type);
    cmark_node_set_literal(node, html.toUtf8().constData());
    return node;
}

} // namespace

QString markdownForDisplay(const QString &markdown)
{
    const QByteArray utf8 = markdown.toUtf8();
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parse_document(utf8.constData(), static_cast<size_t>(utf8.size()), CMARK_OPT_DEFAULT));
    const QString style = QStringLiteral("font-family:'DejaVu Sans Mono',monospace; white-space:pre-wrap");
    std::vector<cmark_node *> code;
    {
        std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document.get()));
        for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
            cmark_node *node = cmark_iter_get_node(iter.get());
            const cmark_node_type type = cmark_node_get_type(node);
            if (event == CMARK_EVENT_ENTER && (type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK))
                code.push_back(node);
        }
    }
    for (cmark_node *node : code) {
        QString text = QString::fromUtf8(cmark_node_get_literal(node));
        cmark_node *replacement = nullptr;
        if (cmark_node_get_type(node) == CMARK_NODE_CODE) {
            // Qt drops a list item's number when HTML opens it; a zero-width space keeps it.
            replacement = htmlNode(CMARK_NODE_HTML_INLINE, QStringLiteral("\u200B<span style=\"%1\">%2</span>").arg(style, escapedHtml(text)));
        } else {
            if (text.endsWith(QLatin1Char('\n')))
                text.chop(1);
            replacement = htmlNode(CMARK_NODE_HTML_BLOCK,
                                   QStringLiteral("<p style=\"%1\">%2</p>").arg(style, escapedHtml(text).replace(QLatin1Char('\n'), QStringLiteral("<br/>"))));
        }
        cmark_node_replace(node, replacement);
        cmark_node_free(node);
    }
    std::unique_ptr<char, decltype(&std::free)> rendered(cmark_render_commonmark(document.get(), CMARK_OPT_UNSAFE, 0), &std::free);
    return QString::fromUtf8(rendered.get()).trimmed();
}

QString markdownPlainText(const QString &markdown)
{
    const QByteArray utf8 = markdown.toUtf8();
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parse_document(utf8.constData(), static_cast<size_t>(utf8.size()), CMARK_OPT_DEFAULT));
    QString text;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document.get()));
    for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter.get());
        const cmark_node_type type = cmark_node_get_type(node);
        if (event == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK))
            text += QString::fromUtf8(cmark_node_get_literal(node));
        else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
            text += QLatin1Char(' ');
        else if (event == CMARK_EVENT_EXIT && type < CMARK_NODE_FIRST_INLINE && !text.endsWith(QLatin1Char(' ')) && !text.isEmpty())
            text += QLatin1Char(' ');
    }
    return text.simplified();
}

} // namespace portlab
