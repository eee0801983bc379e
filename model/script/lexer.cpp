// SPDX-License-Identifier: GPL-3.0-or-later
#include "lexer.h"

namespace portlab {

QString Diagnostic::toString() const
{
    // A problem with the file as a whole (it cannot be read) has no line to point at.
    QString text = line > 0 ? QStringLiteral("%1:%2:%3: error: %4").arg(file).arg(line).arg(column).arg(message)
                            : QStringLiteral("%1: error: %2").arg(file, message);
    if (!hint.isEmpty())
        text += QStringLiteral("\n  hint: ") + hint;
    return text;
}

namespace {

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9') return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f') return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F') return c.unicode() - u'A' + 10;
    return -1;
}

} // namespace

std::optional<LexedLine> lexLine(QStringView line, int lineNumber, Diagnostic *error)
{
    LexedLine result;
    const qsizetype size = line.size();
    qsizetype i = 0;
    qsizetype statementEnd = 0;
    auto fail = [&](qsizetype at, const QString &message, const QString &hint) {
        error->line = lineNumber;
        error->column = static_cast<int>(at) + 1;
        error->message = message;
        error->hint = hint;
        return std::nullopt;
    };
    while (i < size) {
        const QChar c = line[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'#')
            break;
        Token token;
        token.column = static_cast<int>(i) + 1;
        if (c == u'"') {
            token.kind = Token::Kind::String;
            const qsizetype start = i++;
            bool closed = false;
            while (i < size) {
                const QChar d = line[i];
                if (d == u'"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d != u'\\') {
                    token.bytes += QString(d).toUtf8();
                    ++i;
                    continue;
                }
                if (i + 1 >= size)
                    return fail(i, QStringLiteral("a backslash at the end of the line"), QStringLiteral("write \\\\ for a backslash"));
                const QChar e = line[i + 1];
                i += 2;
                switch (e.unicode()) {
                case u'n': token.bytes += '\n'; break;
                case u'r': token.bytes += '\r'; break;
                case u't': token.bytes += '\t'; break;
                case u'0': token.bytes += '\0'; break;
                case u'\\': token.bytes += '\\'; break;
                case u'"': token.bytes += '"'; break;
                case u'x': {
                    const int high = i < size ? hexValue(line[i]) : -1;
                    const int low = i + 1 < size ? hexValue(line[i + 1]) : -1;
                    if (high < 0 || low < 0)
                        return fail(i - 2, QStringLiteral("\\x needs two hexadecimal digits"), QStringLiteral("for example \\x0d"));
                    token.bytes += static_cast<char>(high * 16 + low);
                    i += 2;
                    break;
                }
                default:
                    return fail(i - 2, QStringLiteral("unknown escape \\%1").arg(e),
                                QStringLiteral("strings know \\n \\r \\t \\0 \\\\ \\\" and \\xHH"));
                }
            }
            if (!closed)
                return fail(start, QStringLiteral("this string has no closing quote"), QStringLiteral("end it with \" on the same line"));
            token.text = QString::fromUtf8(token.bytes);
        } else {
            const qsizetype start = i;
            while (i < size && !line[i].isSpace() && line[i] != u'"' && line[i] != u'#')
                ++i;
            token.text = line.mid(start, i - start).toString();
        }
        statementEnd = i;
        result.tokens.push_back(std::move(token));
    }
    if (!result.tokens.empty()) {
        const qsizetype start = result.tokens.front().column - 1;
        result.text = line.mid(start, statementEnd - start).toString();
    }
    return result;
}

} // namespace portlab
