/// Reader for J. E. Beasley's OR-Library set-covering files (Beasley 1990, "OR-Library:
/// distributing test problems by electronic mail", JORS 41(11)).
///
/// Two layouts, whitespace-separated integers, line breaks without meaning:
/// - row-oriented (`scp*`): `m n`, then `n` column costs, then for each row `k_i` followed by the
///   `k_i` 1-based columns covering it;
/// - column-oriented (`rail*`): `m n`, then for each column `c_j k_j` followed by the `k_j` 1-based
///   rows it covers.
/// Files may be gzip-compressed (detected by content). Indices become 0-based; every row weight is 1.
public enum ORLibraryReader {
    /// The two OR-Library set-covering layouts.
    public enum Layout: String, Sendable {
        /// `scp*` files: costs, then the columns covering each row.
        case rowOriented
        /// `rail*` files: per column its cost and the rows it covers.
        case columnOriented
    }

    /// Reads an OR-Library set-covering file.
    ///
    /// - Parameters:
    ///   - path: the file (plain or gzip).
    ///   - layout: `nil` = guess from the file name (`rail…` → column-oriented, else row-oriented).
    /// - Throws: `OptimizerError.unreadableFile`, or `.parse` with the file, the 1-based line and what
    ///   was expected versus found.
    public static func read(path: String, layout: Layout? = nil) throws(OptimizerError) -> CoveringInstance {
        let bytes = try InstanceFile.bytes(atPath: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let chosen = layout ?? (name.lowercased().hasPrefix("rail") ? .columnOriented : .rowOriented)
        return try parse(bytes: bytes, file: path, layout: chosen)
    }

    /// Parses the bytes of an OR-Library set-covering file (see `read`).
    public static func parse(bytes: [UInt8], file: String, layout: Layout) throws(OptimizerError) -> CoveringInstance {
        var tokens = IntegerTokenizer(bytes: bytes, file: file)
        let m = try tokens.next("number of rows m", in: 1...Int(UInt32.max))
        let n = try tokens.next("number of columns n", in: 1...Int(UInt32.max))
        var costs = [Double](repeating: 0, count: n)
        var starts = [Int](repeating: 0, count: n + 1)
        var rows: [UInt32] = []
        switch layout {
        case .rowOriented:
            for j in 0..<n { costs[j] = Double(try tokens.next("cost of column \(j + 1) of \(n)", in: 0...Int.max)) }
            // Collect (row, column) pairs row by row, then bucket them by column.
            var pairColumns: [UInt32] = []
            var rowStarts = [Int](repeating: 0, count: m + 1)
            for i in 0..<m {
                let k = try tokens.next("number of columns covering row \(i + 1) of \(m)", in: 0...n)
                for _ in 0..<k {
                    let j = try tokens.next("column index covering row \(i + 1)", in: 1...n)
                    pairColumns.append(UInt32(j - 1))
                    starts[j] += 1
                }
                rowStarts[i + 1] = pairColumns.count
            }
            for j in 0..<n { starts[j + 1] += starts[j] }
            var next = Array(starts.dropLast())
            rows = [UInt32](repeating: 0, count: pairColumns.count)
            for i in 0..<m {
                for p in rowStarts[i]..<rowStarts[i + 1] {
                    let j = Int(pairColumns[p])
                    rows[next[j]] = UInt32(i)
                    next[j] += 1
                }
            }
        case .columnOriented:
            for j in 0..<n {
                costs[j] = Double(try tokens.next("cost of column \(j + 1) of \(n)", in: 0...Int.max))
                let k = try tokens.next("number of rows covered by column \(j + 1)", in: 0...m)
                for _ in 0..<k { rows.append(UInt32(try tokens.next("row index in column \(j + 1)", in: 1...m) - 1)) }
                starts[j + 1] = rows.count
            }
        }
        if tokens.hasMore() {
            var extra = tokens
            let found = (try? extra.next("", in: 0...Int.max)).map(String.init) ?? "more text"
            throw .parse(
                file: file, line: tokens.line, expected: "end of file after \(m) rows and \(n) columns", found: found)
        }
        do {
            return try CoveringInstance(
                rowCount: m, columnStarts: starts, columnRows: rows, costs: costs,
                weights: [Double](repeating: 1, count: m))
        } catch {
            throw .parse(file: file, line: 0, expected: "a consistent set-covering instance", found: error.description)
        }
    }
}
