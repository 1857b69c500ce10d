/// Reader for J. E. Beasley's OR-Library capacitated warehouse location files (`cap41`…`cap134`,
/// `capa`/`capb`/`capc`; Beasley 1988, EJOR 33; Beasley 1990, JORS 41).
///
/// Layout, whitespace-separated reals (`7500.`, `.00000` allowed), line breaks without meaning:
///
///     m n                      m warehouses (facilities), n customers
///     s_1 f_1 … s_m f_m        capacity and fixed cost of each warehouse
///     d_1 c_11 … c_m1          per customer: its demand, then the cost of allocating ALL of its
///     …                        demand to warehouse 1 … m
///     d_n c_1n … c_mn
///
/// In `capa`, `capb`, `capc` every capacity is the literal word `capacity`; the benchmark's value
/// (e.g. 8000 for capa1) is given by the caller (`--capacity C`). Costs are per customer
/// (`FacilityLocationInstance.CostBasis.perCustomer`); every customer may use every warehouse.
/// Files may be gzip-compressed.
public enum ORLibraryCFLPReader {
    /// Reads an OR-Library capacitated warehouse location file.
    ///
    /// - Parameters:
    ///   - path: the file (plain or gzip).
    ///   - capacity: the value of every capacity written as the word `capacity`; required for such
    ///     files and rejected for files that give numbers.
    /// - Throws: `OptimizerError.unreadableFile`, or `.parse` with the file, the 1-based line, what
    ///   was expected and what was found.
    public static func read(path: String, capacity: Double? = nil) throws(OptimizerError) -> FacilityLocationInstance {
        try parse(bytes: InstanceFile.bytes(atPath: path), file: path, capacity: capacity)
    }

    /// Parses the bytes of an OR-Library capacitated warehouse location file (see `read`).
    public static func parse(bytes: [UInt8], file: String, capacity: Double?) throws(OptimizerError)
        -> FacilityLocationInstance
    {
        var tokens = NumberTokenizer(bytes: bytes, file: file)
        let m = try tokens.count("number of warehouses m")
        let n = try tokens.count("number of customers n")
        var capacities = [Double](repeating: 0, count: m)
        var fixed = [Double](repeating: 0, count: m)
        var usedWord = false
        for j in 0..<m {
            let what = "capacity of warehouse \(j + 1) of \(m)"
            if tokens.nextIsWord("capacity") {
                guard let capacity else {
                    throw .parse(
                        file: file, line: tokens.line,
                        expected: "\(what) as a number (this file leaves the capacity open: give it with --capacity C)",
                        found: "the word 'capacity'")
                }
                usedWord = true
                capacities[j] = capacity
            } else {
                capacities[j] = try tokens.number(what + " (a number ≥ 0, or the word 'capacity')", minimum: 0)
            }
            fixed[j] = try tokens.number("fixed cost of warehouse \(j + 1) of \(m) (a number ≥ 0)", minimum: 0)
        }
        if capacity != nil && !usedWord {
            throw .parse(
                file: file, line: 2,
                expected: "the word 'capacity' in place of the capacities (--capacity applies only to such files)",
                found: "numeric capacities")
        }
        var demands = [Double](repeating: 0, count: n)
        var costs = [Double]()
        costs.reserveCapacity(n * m)
        for i in 0..<n {
            demands[i] = try tokens.number("demand of customer \(i + 1) of \(n) (a number ≥ 0)", minimum: 0)
            for j in 0..<m {
                costs.append(
                    try tokens.number(
                        "cost of allocating customer \(i + 1) to warehouse \(j + 1) of \(m) (a number ≥ 0)", minimum: 0)
                )
            }
        }
        if let extra = tokens.peekToken() {
            throw .parse(
                file: file, line: tokens.line, expected: "end of file after \(m) warehouses and \(n) customers",
                found: "'\(extra.prefix(40))'")
        }
        do {
            return try FacilityLocationInstance(
                fixedCosts: fixed, capacities: capacities, demands: demands,
                customerStarts: (0...n).map { $0 * m },
                customerFacilities: (0..<n).flatMap { _ in (0..<m).map { UInt32($0) } }, assignmentCosts: costs)
        } catch {
            throw .parse(
                file: file, line: 0, expected: "a consistent warehouse location instance", found: error.description)
        }
    }
}

/// Whitespace-separated decimal numbers and words with line tracking (OR-Library CFLP files).
struct NumberTokenizer {
    let bytes: [UInt8]
    let file: String
    private var offset = 0
    /// 1-based line of the next token.
    private(set) var line = 1

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// The next token as text, without consuming it; `nil` at the end.
    mutating func peekToken() -> String? {
        skipSpace()
        guard offset < bytes.count else { return nil }
        var end = offset
        while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// A token as shown in an error: quoted, at most 40 characters.
    private func shown(_ token: String) -> String {
        "'" + (token.count > 40 ? token.prefix(40) + "…" : token) + "'"
    }

    /// Consumes the next token when it is `word`.
    mutating func nextIsWord(_ word: String) -> Bool {
        guard peekToken() == word else { return false }
        offset += word.utf8.count
        return true
    }

    /// The next token as a finite number ≥ `minimum`; `what` names it in the error.
    mutating func number(_ what: String, minimum: Double) throws(OptimizerError) -> Double {
        guard let token = peekToken() else {
            throw .parse(file: file, line: line, expected: what, found: "end of file")
        }
        guard let value = Double(token), value.isFinite,
            !token.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" })
        else {
            throw .parse(file: file, line: line, expected: what, found: shown(token))
        }
        guard value >= minimum else { throw .parse(file: file, line: line, expected: what, found: token) }
        offset += token.utf8.count
        return value
    }

    /// The next token as a count (a whole number ≥ 1).
    mutating func count(_ what: String) throws(OptimizerError) -> Int {
        let value = try number("\(what) (a whole number ≥ 1)", minimum: 1)
        guard value == value.rounded(), value <= 1e8 else {
            throw .parse(file: file, line: line, expected: "\(what) (a whole number ≥ 1)", found: formatNumber(value))
        }
        return Int(value)
    }

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d || b == 0x0b || b == 0x0c
    }

    private mutating func skipSpace() {
        while offset < bytes.count, isSpace(bytes[offset]) {
            if bytes[offset] == 0x0a { line += 1 }
            offset += 1
        }
    }
}
