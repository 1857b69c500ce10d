import Foundation

/// A CSV file read for calibration (drive-test measurements, a cell table): decoded like a site
/// catalogue (UTF-8, UTF-16 with a BOM, GB18030/GBK — `TextDecoding`), split by `CSVParser`, its
/// header mapped to columns by name (case-insensitive, with aliases).
struct CSVTable {
    let file: String
    let header: CSVRecord
    /// Header names, trimmed.
    let names: [String]
    /// The records after the header.
    let rows: ArraySlice<CSVRecord>

    /// Reads a table; nil (with the errors) when the file cannot be decoded or has no header.
    /// Syntax problems are errors at their line.
    static func read(_ data: Data, file: String, _ diagnostics: inout Diagnostics) -> CSVTable? {
        guard let text = CatalogueCSVReader.decodeText(data, file: file, &diagnostics) else { return nil }
        let parsed = CSVParser.parse(text, delimiter: CSVParser.detectDelimiter(text))
        for problem in parsed.problems {
            diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
        }
        guard let header = parsed.records.first else {
            diagnostics.error(file, message: "the CSV file is empty: expected a header row naming the columns")
            return nil
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (k, name) in names.enumerated() {
            if let first = seen[name.lowercased()] {
                diagnostics.error(
                    file, "line \(header.line)", field: name, expected: "each column once",
                    found: "columns \(first + 1) and \(k + 1) with the same name")
            }
            seen[name.lowercased()] = k
        }
        return CSVTable(file: file, header: header, names: names, rows: parsed.records.dropFirst())
    }

    /// The index of the first column whose name (lower-cased) is one of `aliases`; when required
    /// and missing, an error naming the columns present.
    func column(_ aliases: [String], required: Bool, _ diagnostics: inout Diagnostics) -> Int? {
        let wanted = Set(aliases.map { $0.lowercased() })
        if let index = names.firstIndex(where: { wanted.contains($0.lowercased()) }) { return index }
        if required {
            diagnostics.error(
                file, "line \(header.line)", field: aliases[0],
                expected: "a column named \(aliases.map { "'\($0)'" }.joined(separator: " or ")) in the header",
                found: "columns \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return nil
    }
}
