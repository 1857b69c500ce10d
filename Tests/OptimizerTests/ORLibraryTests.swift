import Foundation
import Optimizer
import Testing

/// OR-Library set covering from `../shared/benchmarks/orlib-scp` (present on CI and development
/// machines). When the folder is missing these tests are reported as skipped, not passed.
@Suite(
    "OR-Library (needs ../shared/benchmarks)",
    .enabled(if: SharedORLibrary.directory != nil, "../shared/benchmarks/orlib-scp is not present"))
struct ORLibraryTests {
    static var directory: String? { SharedORLibrary.directory }

    /// Known optima of sets 4 and 6 (Beasley 1987; proven, see the folder's README).
    static let optima: [(String, Double)] = [
        ("scp41", 429), ("scp42", 512), ("scp43", 516), ("scp44", 494), ("scp45", 512),
        ("scp46", 560), ("scp47", 430), ("scp48", 492), ("scp49", 641), ("scp410", 514),
        ("scp61", 138), ("scp62", 146), ("scp63", 145), ("scp64", 131), ("scp65", 161),
    ]

    @Test(
        "sets 4 and 6: lower bound never above the optimum, cost within 2 % of it, columns a valid cover",
        arguments: optima)
    func setsFourAndSix(name: String, optimum: Double) throws {
        let dir = try #require(Self.directory)
        let instance = try ORLibraryReader.read(path: "\(dir)/\(name).txt")
        let solution = try checkedSolve(instance, objective: .setCover, options: SolverOptions(threads: 2))
        let lower = try #require(solution.lowerBound)
        #expect(lower <= optimum)
        #expect(solution.cost >= optimum)
        #expect(solution.cost <= optimum * 1.02)
        #expect(instance.uncoveredRows(given: solution.chosenColumns).isEmpty)
        #expect(abs((solution.gap ?? -1) - (solution.cost - lower) / solution.cost) < 1e-12)
    }

    @Test("a gzip-compressed instance (scpnre1) is read through gzip -dc: 500 rows, 5000 columns")
    func gzipInstance() throws {
        let dir = try #require(Self.directory)
        let instance = try ORLibraryReader.read(path: "\(dir)/scpnre1.txt.gz")
        #expect(instance.rowCount == 500)
        #expect(instance.columnCount == 5000)
        #expect(instance.weights.allSatisfy { $0 == 1 })
    }
}

/// `../shared/benchmarks/orlib-scp` above this source file (the repository sits next to `shared`).
private enum SharedORLibrary {
    static let directory: String? = {
        for start in [
            URL(fileURLWithPath: #filePath), URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/x"),
        ] {
            if let found = search(from: start) { return found }
        }
        return nil
    }()

    private static func search(from start: URL) -> String? {
        var url = start
        for _ in 0..<6 {
            url = url.deletingLastPathComponent()
            let candidate = url.appendingPathComponent("../shared/benchmarks/orlib-scp").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: candidate + "/optima.csv") { return candidate }
        }
        return nil
    }
}
