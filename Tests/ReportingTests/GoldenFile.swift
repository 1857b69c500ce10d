import Foundation
import Testing

/// Golden files: the expected bytes of an output, committed under `Tests/ReportingTests/Golden/`.
///
/// A writer's output is compared with its golden file byte for byte; a difference fails the test
/// with the first differing line. When an output changes on purpose, regenerate the files and
/// review the diff before committing it:
///
///     NRPLAN_UPDATE_GOLDEN=1 make test     # rewrites every golden file that differs, then fails
///     git diff Tests/ReportingTests/Golden  # review: is every change intended?
///     make test                             # green again
///
/// Under `NRPLAN_UPDATE_GOLDEN=1` a test that rewrote a file still fails, so that a rewrite never
/// passes unnoticed.
enum GoldenFile {
    /// The folder holding the golden files.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["NRPLAN_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file `name` (a path under `Golden/`), or rewrites it
    /// under `NRPLAN_UPDATE_GOLDEN=1`; records an issue on any difference.
    static func check(_ actual: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name)
        let expected = try? Data(contentsOf: url)
        guard expected != actual else { return }
        if updating {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url)
                Issue.record(
                    "rewrote golden file \(name) (NRPLAN_UPDATE_GOLDEN=1): review `git diff \(url.path)`, then run the tests without it",
                    sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot rewrite golden file \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected else {
            Issue.record(
                "no golden file \(name): run `NRPLAN_UPDATE_GOLDEN=1 make test` to write it, then review it",
                sourceLocation: sourceLocation)
            return
        }
        Issue.record(
            "\(name) differs from its golden file: \(firstDifference(expected, actual)). If the change is intended, run `NRPLAN_UPDATE_GOLDEN=1 make test` and review `git diff Tests/ReportingTests/Golden`.",
            sourceLocation: sourceLocation)
    }

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        check(Data(text.utf8), name, sourceLocation: sourceLocation)
    }

    /// The first line that differs, both versions.
    static func firstDifference(_ expected: Data, _ actual: Data) -> String {
        let a = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for k in 0..<max(a.count, b.count) {
            let x = k < a.count ? String(a[k]) : "<end of file>"
            let y = k < b.count ? String(b[k]) : "<end of file>"
            if x != y { return "line \(k + 1): expected «\(x.prefix(300))», found «\(y.prefix(300))»" }
        }
        return "same lines, different bytes (\(expected.count) vs \(actual.count))"
    }
}
