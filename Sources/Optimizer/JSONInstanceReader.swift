import Foundation

/// A covering instance read from the JSON instance format, with the limits the file may carry.
public struct JSONInstance: Sendable {
    /// The matrix, costs, weights, fixed columns and must-cover rows.
    public var instance: CoveringInstance
    /// `"p"` (or `"sites"`): the number of new columns for max coverage, when the file gives it.
    public var sites: Int?
    /// `"budget"`: the cost budget for max coverage, when the file gives it.
    public var budget: Double?
    /// `"name"`, when present.
    public var name: String?
}

/// Reader of the JSON covering-instance format (issue 4):
///
/// ```json
/// {"weights": [w_0, …, w_{m−1}],          // one per row (demand), numbers ≥ 0 — required
///  "cover":   [[rows of column 0], …],      // 0-based row indices per column — required
///  "costs":   [c_0, …, c_{n−1}],            // optional, default 1 each
///  "fixed":   [column indices],             // optional, always-on columns (existing sites)
///  "must_cover": [row indices],             // optional, rows every solution covers
///  "p": K, "budget": B, "name": "…"}       // optional max-coverage limits and a label
/// ```
/// Unknown members are ignored (so files exported by other tools, e.g. with an optimum noted, load).
public enum JSONInstanceReader {
    /// Reads a JSON instance file.
    ///
    /// - Throws: `OptimizerError.unreadableFile`, or `.parse` naming the file, the line and column
    ///   of a syntax error or the member path (`cover[3][2]`) with what was expected versus found.
    public static func read(path: String) throws(OptimizerError) -> JSONInstance {
        let bytes = try InstanceFile.bytes(atPath: path)
        return try parse(data: Data(bytes), file: path)
    }

    /// Parses JSON instance text (see `read`).
    public static func parse(data: Data, file: String) throws(OptimizerError) -> JSONInstance {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let ns = error as NSError
            let detail = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
            let (line, column) = position(in: data, message: detail)
            var found = detail.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            if let column { found += " (column \(column))" }
            throw .parse(file: file, line: line, expected: "valid JSON", found: found)
        }
        guard let object = root as? [String: Any] else {
            throw .parse(
                file: file, line: 1, expected: "a JSON object with 'weights' and 'cover'", found: kind(of: root))
        }
        let weights = try numbers(object["weights"], path: "weights", file: file, required: true) ?? []
        guard let coverValue = object["cover"] else {
            throw .parse(
                file: file, line: 0, expected: "member 'cover' (an array of row-index arrays, one per column)",
                found: "nothing")
        }
        guard let cover = coverValue as? [Any] else {
            throw .parse(file: file, line: 0, expected: "'cover' as an array of arrays", found: kind(of: coverValue))
        }
        let m = weights.count
        var starts = [0]
        starts.reserveCapacity(cover.count + 1)
        var rows: [UInt32] = []
        for (j, entry) in cover.enumerated() {
            guard let list = entry as? [Any] else {
                throw .parse(
                    file: file, line: 0, expected: "'cover[\(j)]' as an array of row indices", found: kind(of: entry))
            }
            for (k, value) in list.enumerated() {
                let row = try integer(
                    value, path: "cover[\(j)][\(k)]", file: file, range: 0...(m - 1),
                    what: "a row index (0-based, < \(m) rows from 'weights')")
                rows.append(UInt32(row))
            }
            starts.append(rows.count)
        }
        let n = cover.count
        let costs =
            try numbers(object["costs"], path: "costs", file: file, required: false) ?? [Double](repeating: 1, count: n)
        guard costs.count == n else {
            throw .parse(
                file: file, line: 0, expected: "'costs' with one entry per column of 'cover' (\(n))",
                found: "\(costs.count) entries")
        }
        let fixed = try indices(object["fixed"], path: "fixed", file: file, count: n, what: "a column index")
        let must = try indices(object["must_cover"], path: "must_cover", file: file, count: m, what: "a row index")
        var sites: Int?
        if let p = object["p"] ?? object["sites"] {
            sites = try integer(
                p, path: object["p"] != nil ? "p" : "sites", file: file, range: 0...Int.max,
                what: "a number of sites ≥ 0")
        }
        var budget: Double?
        if let b = object["budget"] {
            guard let value = (b as? NSNumber)?.doubleValue, value.isFinite, value >= 0, !isBoolean(b) else {
                throw .parse(file: file, line: 0, expected: "'budget' as a number ≥ 0", found: kind(of: b))
            }
            budget = value
        }
        let instance: CoveringInstance
        do {
            instance = try CoveringInstance(
                rowCount: m, columnStarts: starts, columnRows: rows, costs: costs,
                weights: weights, fixedColumns: fixed, mustCoverRows: must)
        } catch {
            throw .parse(file: file, line: 0, expected: "a consistent covering instance", found: error.description)
        }
        return JSONInstance(instance: instance, sites: sites, budget: budget, name: object["name"] as? String)
    }

    private static func numbers(_ value: Any?, path: String, file: String, required: Bool) throws(OptimizerError)
        -> [Double]?
    {
        guard let value else {
            if required {
                throw .parse(
                    file: file, line: 0, expected: "member '\(path)' (an array of numbers ≥ 0)", found: "nothing")
            }
            return nil
        }
        guard let list = value as? [Any] else {
            throw .parse(file: file, line: 0, expected: "'\(path)' as an array of numbers", found: kind(of: value))
        }
        var result: [Double] = []
        result.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            guard !isBoolean(item), let number = (item as? NSNumber)?.doubleValue, number.isFinite, number >= 0 else {
                throw .parse(
                    file: file, line: 0, expected: "'\(path)[\(k)]' as a finite number ≥ 0", found: kind(of: item))
            }
            result.append(number)
        }
        return result
    }

    private static func indices(_ value: Any?, path: String, file: String, count: Int, what: String)
        throws(OptimizerError) -> [Int]
    {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            throw .parse(file: file, line: 0, expected: "'\(path)' as an array of indices", found: kind(of: value))
        }
        var result: [Int] = []
        for (k, item) in list.enumerated() {
            result.append(
                try integer(
                    item, path: "\(path)[\(k)]", file: file, range: 0...(count - 1), what: "\(what) in 0..<\(count)"))
        }
        return result
    }

    private static func integer(_ value: Any, path: String, file: String, range: ClosedRange<Int>, what: String)
        throws(OptimizerError) -> Int
    {
        guard range.lowerBound <= range.upperBound else {
            throw .parse(
                file: file, line: 0, expected: "'\(path)' to be \(what), but there is nothing it can index",
                found: kind(of: value))
        }
        guard !isBoolean(value), let number = value as? NSNumber else {
            throw .parse(file: file, line: 0, expected: "'\(path)' to be \(what)", found: kind(of: value))
        }
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), double >= Double(range.lowerBound),
            double <= Double(range.upperBound)
        else {
            throw .parse(file: file, line: 0, expected: "'\(path)' to be \(what)", found: "\(number)")
        }
        return Int(double)
    }

    private static func kind(of value: Any) -> String {
        switch value {
        case is String: return "a string"
        case let n as NSNumber: return isBoolean(n) ? "a boolean" : "the number \(n)"
        case is Bool: return "a boolean"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "\(type(of: value))"
        }
    }

    /// Whether a JSONSerialization value is `true`/`false` (on Linux every number also casts to `Bool`,
    /// so the NSNumber's type code decides: booleans are `c`).
    private static func isBoolean(_ value: Any) -> Bool {
        if let number = value as? NSNumber { return String(cString: number.objCType) == "c" }
        return value is Bool
    }

    /// Line (1-based) and column of a JSONSerialization syntax error, from its "line N" or
    /// "character N" (0-based byte offset) wording; line 0 when neither is present.
    private static func position(in data: Data, message: String) -> (line: Int, column: Int?) {
        func number(after word: String) -> Int? {
            guard let range = message.range(of: word) else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line ") { return (line, number(after: "column ")) }
        guard let offset = number(after: "character ") else { return (0, nil) }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0a {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
