import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The structure of an SVG document, one line per element, for golden files that should not
/// churn with every rounding of a path: each element with its attributes in document order, path
/// data `d` reduced to its command counts (`d=[M2 L14 Z2]`), and text content on its own line.
/// Parsing it also checks that the document is well-formed XML.
final class SVGOutline: NSObject, XMLParserDelegate {
    private var lines: [String] = []
    private var depth = 0
    private var text = ""

    /// The outline of `svg`, or nil (with an issue recorded) when it is not well-formed.
    static func outline(of svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let parser = XMLParser(data: Data(svg.utf8))
        let outline = SVGOutline()
        parser.delegate = outline
        parser.shouldReportNamespacePrefixes = false
        guard parser.parse() else {
            Issue.record(
                "map.svg is not well-formed XML: \(String(describing: parser.parserError)) at line \(parser.lineNumber)",
                sourceLocation: sourceLocation)
            return nil
        }
        return outline.lines.joined(separator: "\n") + "\n"
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        flushText()
        // XMLParser hands attributes over as a dictionary: sort them for a stable order.
        let rendered = attributes.keys.sorted().map { key -> String in
            let value = attributes[key] ?? ""
            return key == "d" ? "d=[\(Self.commands(value))]" : "\(key)=\"\(value)\""
        }
        lines.append(String(repeating: "  ", count: depth) + ([elementName] + rendered).joined(separator: " "))
        depth += 1
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        flushText()
        depth -= 1
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    private func flushText() {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { lines.append(String(repeating: "  ", count: depth) + "\"\(trimmed)\"") }
        text = ""
    }

    /// Path commands and how often each occurs, in first-use order: "M2 L14 Z2".
    static func commands(_ d: String) -> String {
        var order: [Character] = []
        var counts: [Character: Int] = [:]
        for c in d where c.isLetter {
            if counts[c] == nil { order.append(c) }
            counts[c, default: 0] += 1
        }
        return order.map { "\($0)\(counts[$0] ?? 0)" }.joined(separator: " ")
    }
}
