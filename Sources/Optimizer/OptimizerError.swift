import Foundation
import Support

/// Everything that can go wrong in the Optimizer module, with what a person needs to fix it.
///
/// Reader errors name the file, the line (1-based) and what was expected versus found. Solver
/// errors name the rows or the reachable value, so a planner can see *why* a target cannot be met.
public enum OptimizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The instance arrays are inconsistent (lengths, out-of-range ids, negative or non-finite values).
    case malformedInstance(String)
    /// Rows that must be covered but no column (fixed or free) covers them. `rows` holds at most
    /// the first 50 row ids (0-based, ascending); `count` is how many there are in all.
    case uncoverableRows(rows: [Int], count: Int)
    /// A partial-cover target above what every column together can cover.
    case infeasibleTarget(targetFraction: Double, bestReachableFraction: Double)
    /// Must-cover rows cannot all be covered within the max-coverage limits. `neededColumns` /
    /// `neededCost` are what the best cover found needs; `proven` is true when a lower bound (or
    /// exhaustive search) shows no cover fits.
    case mustCoverExceedsLimits(mustCoverRows: Int, neededColumns: Int, neededCost: Double, proven: Bool)
    /// Min-cost: the requirements (weight target, must rows) were not met by any selection the
    /// solver found that respects the packing constraints (location groups, minimum spacing),
    /// although every column together would meet them. `reachedFraction` is the best covered
    /// fraction found; `proven` is true when exhaustive search showed that no selection does.
    case packingBlocksTarget(targetFraction: Double, reachedFraction: Double, proven: Bool)
    /// A facility-location problem without a feasible solution: `proven` when a check shows none
    /// exists, false when the search found none (single-source and best-server rules).
    case infeasibleFacilityLocation(reason: String, proven: Bool)
    /// An objective parameter out of range (negative K or budget, target outside 0...1).
    case invalidObjective(String)
    /// A solver option out of range.
    case invalidOptions(String)
    /// A file that could not be read or decompressed.
    case unreadableFile(file: String, reason: String)
    /// A file whose content does not follow its format. `line` is 1-based (0 when unknown).
    case parse(file: String, line: Int, expected: String, found: String)

    public var description: String {
        switch self {
        case .malformedInstance(let message):
            return "malformed covering instance: \(message)"
        case .uncoverableRows(let rows, let count):
            let list = rows.map(String.init).joined(separator: ", ")
            let more = count > rows.count ? " and \(count - rows.count) more" : ""
            return "\(count) row(s) must be covered but no column covers them: \(list)\(more) (0-based)"
        case .infeasibleTarget(let target, let best):
            return
                "coverage target \(percent(target)) cannot be met: all columns together cover at most \(percent(best)) of the weight"
        case .mustCoverExceedsLimits(let rows, let columns, let cost, let proven):
            let why =
                proven
                ? "no cover of them fits (proven)"
                : "the best cover found needs \(columns) column(s) costing \(formatNumber(cost))"
            return "the \(rows) must-cover row(s) cannot be covered within the max-coverage limits: \(why)"
        case .packingBlocksTarget(let target, let reached, let proven):
            let why =
                proven
                ? "no selection respecting them reaches it (proven)"
                : "the best selection found respecting them covers \(percent(reached))"
            return
                "coverage target \(percent(target)) cannot be met under the packing constraints (one site per location, minimum spacing): \(why)"
        case .infeasibleFacilityLocation(let reason, let proven):
            return proven ? "no feasible assignment exists: \(reason)" : "no feasible assignment found: \(reason)"
        case .invalidObjective(let message):
            return "invalid objective: \(message)"
        case .invalidOptions(let message):
            return "invalid solver options: \(message)"
        case .unreadableFile(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .parse(let file, let line, let expected, let found):
            let at = line > 0 ? ":\(line)" : ""
            return "\(file)\(at): expected \(expected), found \(found)"
        }
    }
}

/// `0.98` → `"98%"`, `0.98765` → `"98.765%"` (at most 4 decimals of a percent).
func percent(_ fraction: Double) -> String {
    formatNumber(fraction * 100) + "%"
}

/// A number for messages: at most 4 decimals, trailing zeros dropped (`Precision.text`).
func formatNumber(_ value: Double) -> String {
    value.isFinite ? Precision(decimals: 4).text(value) : "\(value)"
}
