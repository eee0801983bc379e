// SPDX-License-Identifier: GPL-3.0-or-later
.pragma library

// A lesson's Markdown as the views' Text items show it. Qt draws code (`ss -tlnp`, a fenced
// block) in the system's fixed font at the system's size, smaller than the 16 px the views never
// go below; here code becomes a monospaced span at the size of the text around it. The rest of
// the Markdown is left as it is.

const monoStyle = "font-family:'DejaVu Sans Mono'; white-space:pre-wrap"

function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}

// (After a zero-width space: HTML at the very start of a list item takes the item's number or
// bullet away.)
function codeSpan(text) {
    return "\u200B<span style=\"" + monoStyle + "\">" + (text.length > 0 ? escapeHtml(text) : "&nbsp;") + "</span>"
}

// `code` on one line (CommonMark: a run of backticks closed by a run as long).
function inlineCode(line) {
    return line.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (whole, ticks, code) => {
        let text = code
        if (text.length > 2 && text.startsWith(" ") && text.endsWith(" ") && text.trim().length > 0)
            text = text.slice(1, -1)
        return codeSpan(text)
    })
}

function readable(markdown) {
    const lines = String(markdown ?? "").split("\n")
    const out = []
    let fence = ""          // the fence of the code block we are in, "" outside one
    let block = []
    const closeBlock = () => {
        out.push("")
        out.push(block.map(codeSpan).join("\\\n"))   // a hard break after each line
        out.push("")
    }
    for (const line of lines) {
        const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line)
        if (fence.length === 0) {
            if (match && !(match[1][0] === "`" && match[2].indexOf("`") >= 0)) {
                fence = match[1]
                block = []
            } else {
                out.push(inlineCode(line))
            }
        } else if (match && match[1][0] === fence[0] && match[1].length >= fence.length && match[2].trim().length === 0) {
            closeBlock()
            fence = ""
        } else {
            block.push(line)
        }
    }
    if (fence.length > 0)
        closeBlock()
    return out.join("\n")
}

// The words alone, for a screen reader: no emphasis, code or heading marks.
function plain(markdown) {
    return String(markdown ?? "").replace(/[`*_#>]/g, "")
}
