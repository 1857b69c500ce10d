import Foundation
import Support

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
    /// `"objective"` (`"set_cover"`, `"partial_cover"` with `"target"`, `"max_coverage"` with `"p"`
    /// and/or `"budget"`), when present: files written by `nrplan solve --write-instance` carry it.
    public var objective: CoveringObjective?
}

/// Reader of the JSON covering-instance format (issue 4):
///
/// ```json
/// {"weights": [w_0, …, w_{m−1}],          // one per row (demand), numbers ≥ 0 — required
///  "cover":   [[rows of column 0], …],      // 0-based row indices per column — required
///  "costs":   [c_0, …, c_{n−1}],            // optional, default 1 each
///  "fixed":   [column indices],             // optional, always-on columns (existing sites)
///  "must_cover": [row indices],             // optional, rows every solution covers
///  "p": K, "budget": B, "name": "…",      // optional max-coverage limits and a label
///  "objective": "partial_cover", "target": t}  // optional: the problem (set_cover | partial_cover | max_coverage)
/// ```
/// Unknown members are ignored (so files exported by other tools, e.g. with an optimum noted, load).
/// Parsed by Support's `JSONParser` (one JSON reader for every input), which names the line, column
/// and member path of a syntax error.
public enum JSONInstanceReader {
    /// Reads a JSON instance file.
    ///
    /// - Throws: `OptimizerError.unreadableFile`, or `.parse` naming the file, the line and column
    ///   of a syntax error or the member path (`cover[3][2]`) with what was expected versus found.
    public static func read(path: String) throws(OptimizerError) -> JSONInstance {
        try parse(bytes: InstanceFile.bytes(atPath: path), file: path)
    }

    /// Parses JSON instance text (see `read`).
    public static func parse(data: Data, file: String) throws(OptimizerError) -> JSONInstance {
        try parse(bytes: [UInt8](data), file: file)
    }

    /// Parses JSON instance text given as bytes (see `read`).
    public static func parse(bytes: [UInt8], file: String) throws(OptimizerError) -> JSONInstance {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes: bytes)
        } catch {
            let at = error.path.isEmpty ? "" : " in '\(error.path)'"
            throw .parse(
                file: file, line: error.line, expected: "valid JSON",
                found: "\(error.message)\(at) (column \(error.column))")
        }
        guard case .object = root else {
            throw .parse(
                file: file, line: 1, expected: "a JSON object with 'weights' and 'cover'", found: kind(of: root))
        }
        let weights = try numbers(root["weights"], path: "weights", file: file, required: true) ?? []
        guard let coverValue = root["cover"] else {
            throw .parse(
                file: file, line: 0, expected: "member 'cover' (an array of row-index arrays, one per column)",
                found: "nothing")
        }
        guard let cover = coverValue.arrayValue else {
            throw .parse(file: file, line: 0, expected: "'cover' as an array of arrays", found: kind(of: coverValue))
        }
        let m = weights.count
        var starts = [0]
        starts.reserveCapacity(cover.count + 1)
        var rows: [UInt32] = []
        for (j, entry) in cover.enumerated() {
            guard let list = entry.arrayValue else {
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
            try numbers(root["costs"], path: "costs", file: file, required: false) ?? [Double](repeating: 1, count: n)
        guard costs.count == n else {
            throw .parse(
                file: file, line: 0, expected: "'costs' with one entry per column of 'cover' (\(n))",
                found: "\(costs.count) entries")
        }
        let fixed = try indices(root["fixed"], path: "fixed", file: file, count: n, what: "a column index")
        let must = try indices(root["must_cover"], path: "must_cover", file: file, count: m, what: "a row index")
        var sites: Int?
        if let p = root["p"] ?? root["sites"] {
            sites = try integer(
                p, path: root["p"] != nil ? "p" : "sites", file: file, range: 0...Int.max,
                what: "a number of sites ≥ 0")
        }
        var budget: Double?
        if let b = root["budget"] {
            guard let value = b.doubleValue, value.isFinite, value >= 0 else {
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
        let objective = try objective(root, sites: sites, budget: budget, file: file)
        return JSONInstance(
            instance: instance, sites: sites, budget: budget, name: root["name"]?.stringValue, objective: objective)
    }

    /// The `"objective"` member with the limits it needs (`"target"` in (0, 1], or `"p"`/`"budget"`).
    private static func objective(_ root: JSONValue, sites: Int?, budget: Double?, file: String)
        throws(OptimizerError) -> CoveringObjective?
    {
        guard let value = root["objective"] else { return nil }
        switch value.stringValue {
        case "set_cover":
            return .setCover
        case "partial_cover":
            guard let target = root["target"]?.doubleValue, target > 0, target <= 1 else {
                throw .parse(
                    file: file, line: 0,
                    expected: "'target' as a number in (0, 1] with \"objective\": \"partial_cover\"",
                    found: root["target"].map { kind(of: $0) } ?? "nothing")
            }
            return .partialCover(targetFraction: target)
        case "max_coverage":
            guard sites != nil || budget != nil else {
                throw .parse(
                    file: file, line: 0, expected: "'p' or 'budget' with \"objective\": \"max_coverage\"",
                    found: "neither")
            }
            return .maxCoverage(maxNewColumns: sites, budget: budget)
        default:
            throw .parse(
                file: file, line: 0, expected: "'objective' as \"set_cover\", \"partial_cover\" or \"max_coverage\"",
                found: value.stringValue.map { "\"\($0)\"" } ?? kind(of: value))
        }
    }

    private static func numbers(_ value: JSONValue?, path: String, file: String, required: Bool)
        throws(OptimizerError) -> [Double]?
    {
        guard let value else {
            if required {
                throw .parse(
                    file: file, line: 0, expected: "member '\(path)' (an array of numbers ≥ 0)", found: "nothing")
            }
            return nil
        }
        guard let list = value.arrayValue else {
            throw .parse(file: file, line: 0, expected: "'\(path)' as an array of numbers", found: kind(of: value))
        }
        var result: [Double] = []
        result.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            guard let number = item.doubleValue, number.isFinite, number >= 0 else {
                throw .parse(
                    file: file, line: 0, expected: "'\(path)[\(k)]' as a finite number ≥ 0", found: kind(of: item))
            }
            result.append(number)
        }
        return result
    }

    private static func indices(_ value: JSONValue?, path: String, file: String, count: Int, what: String)
        throws(OptimizerError) -> [Int]
    {
        guard let value else { return [] }
        guard let list = value.arrayValue else {
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

    private static func integer(_ value: JSONValue, path: String, file: String, range: ClosedRange<Int>, what: String)
        throws(OptimizerError) -> Int
    {
        guard range.lowerBound <= range.upperBound else {
            throw .parse(
                file: file, line: 0, expected: "'\(path)' to be \(what), but there is nothing it can index",
                found: kind(of: value))
        }
        guard case .number(let number) = value else {
            throw .parse(file: file, line: 0, expected: "'\(path)' to be \(what)", found: kind(of: value))
        }
        let double = number.value
        guard double.isFinite, double == double.rounded(), double >= Double(range.lowerBound),
            double <= Double(range.upperBound)
        else {
            throw .parse(file: file, line: 0, expected: "'\(path)' to be \(what)", found: number.literal)
        }
        return Int(double)
    }

    /// What a value is, for messages: "a string", "the number 2.5", "an array".
    private static func kind(of value: JSONValue) -> String {
        if case .number(let number) = value { return "the number \(number.literal)" }
        return value.typeDescription
    }
}
