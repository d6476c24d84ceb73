/// Plain-word advice for libyaml's syntax errors.
///
/// libyaml says what its scanner met ("mapping values are not allowed in this context");
/// a spec author wants to know what to change. `advice` maps libyaml's problem texts (they
/// are fixed strings in its source) to that, and the error keeps libyaml's own words as
/// detail, for those who know them and for searching the web.
enum SyntaxAdvice {
    /// What to do about `problem`, which libyaml reported while in `context` (e.g. "while
    /// scanning a quoted scalar"), at a position holding `character` (nil past the end).
    /// Nil when there is nothing better to say than libyaml's text.
    static func advice(problem: String, context: String?, character: Unicode.Scalar?) -> String? {
        let context = context ?? ""
        switch problem {
        case "found a tab character that violates indentation",
            "found a tab character where an indentation space is expected":
            return tabAdvice
        case "found character that cannot start any token":
            switch character {
            case "\t"?: return tabAdvice
            case "@"?, "`"?: return "'\(character!)' is reserved in YAML and cannot start a value; quote the value"
            default: return "this character cannot start a value; quote the value"
            }
        case "mapping values are not allowed in this context":
            return "a ': ' is not allowed here; quote the value or fix the indentation"
        case "block sequence entries are not allowed in this context":
            return "a list cannot start on the same line as its key; put each '- ' item on its own line, indented"
        case "did not find expected key":
            return "this line does not continue the mapping above it; fix the indentation, remove a stray '-', or quote a value that starts with a special character"
        case "did not find expected '-' indicator":
            return "this line is indented like a list item but does not start with '- '; fix the indentation"
        case "did not find expected ',' or ']'":
            return "a '[' list is not closed; add the missing ']' or a ',' between items"
        case "did not find expected ',' or '}'":
            return "a '{' mapping is not closed; add the missing '}' or a ',' between entries"
        case "found unexpected end of stream":
            if context.contains("quoted scalar") { return "a quoted value is not closed; add the closing quote" }
            return "the file ends in the middle of a value; finish it or remove it"
        case "found unexpected document indicator":
            return "a line starting with '---' or '...' inside a quoted value ends the document; indent that line"
        case "found unknown escape character":
            return "a double-quoted value has an unknown '\\' escape; write '\\\\' for a backslash, or use single quotes"
        case "did not find expected hexdecimal number", "found invalid Unicode character escape code":
            return "a '\\x', '\\u' or '\\U' escape is not a valid character code; fix it, or use single quotes"
        case "could not find expected ':'":
            return "a key has no ':' after it (keys fit on one line and are at most 1024 characters); add the ':' or quote the text"
        case "did not find expected node content":
            return "a value is missing here; write one, or quote text that starts with a special character"
        case "did not find expected alphabetic or numeric character":
            if context.contains("anchor") || context.contains("alias") {
                return "'&' and '*' start an anchor or an alias and need a name after them; quote the value if the character is meant literally"
            }
            return nil
        case "found undefined tag handle":
            return "'!' starts a tag; quote the value if '!' is meant literally"
        case "did not find expected comment or line break", "found an indentation indicator equal to 0":
            guard context.contains("block scalar") else { return nil }
            return "a block scalar's '|' or '>' may be followed only by '-' or '+' and one digit from 1 to 9, then a comment or the end of the line"
        case "found incompatible YAML document", "found duplicate %YAML directive", "found duplicate %TAG directive",
            "found unknown directive name", "did not find expected version number":
            return "specs need no '%' directives; remove the line"
        case "did not find expected <document start>":
            return "after a '%' directive or a '...' line, a document must start with '---'; specs need neither, so remove them"
        case "did not find URI escaped octet", "did not find expected tag URI", "did not find the expected '>'",
            "did not find expected whitespace or line break":
            guard context.contains("tag") else { return nil }
            return "'!' starts a tag, and this one is malformed; specs use only YAML's core tags such as !!str, so quote the value if '!' is meant literally"
        default:
            return nil
        }
    }

    private static let tabAdvice = "a tab character indents this line; YAML allows only spaces there, so indent with spaces"
}
