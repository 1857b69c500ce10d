import Foundation

/// Failures injected into the output layer, for tests only: the end-to-end tests set
/// `NRPLAN_TEST_OUTPUT_FAULT` (read here and nowhere else), library tests pass a value.
///
/// The variable holds comma-separated words:
/// - `after-files=N`: creating the run's file number N + 1 fails (so `after-files=1` fails right
///   after the first file was written), before anything is published;
/// - `publish`: the publication fails after its first step (file by file: after the first file
///   was moved into the target, so the rollback runs; swapping folders: after the previous
///   contents were linked into the staging folder, just before the swap);
/// - `file-by-file`: publish file by file even where the folders could be swapped.
public struct OutputFaults: Sendable, Equatable {
    /// Creating a file fails once this many files were created.
    public var failAfterFiles: Int?
    /// The publication fails after its first step.
    public var failDuringPublish = false
    /// Publish file by file (with rollback) instead of swapping the folders.
    public var forceFileByFile = false

    public init(failAfterFiles: Int? = nil, failDuringPublish: Bool = false, forceFileByFile: Bool = false) {
        self.failAfterFiles = failAfterFiles
        self.failDuringPublish = failDuringPublish
        self.forceFileByFile = forceFileByFile
    }

    /// The name of the environment variable.
    public static let variable = "NRPLAN_TEST_OUTPUT_FAULT"

    /// No fault.
    public static let none = OutputFaults()

    /// The faults `NRPLAN_TEST_OUTPUT_FAULT` asks for (none when unset).
    public static let environment = OutputFaults(ProcessInfo.processInfo.environment[variable] ?? "")

    /// Parses the variable's value; unknown words are ignored.
    public init(_ text: String) {
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if word.hasPrefix("after-files="), let count = Int(word.dropFirst("after-files=".count)) {
                failAfterFiles = count
            } else if word == "publish" {
                failDuringPublish = true
            } else if word == "file-by-file" {
                forceFileByFile = true
            }
        }
    }

    /// The error of an injected failure at `path`.
    func failure(_ path: String, _ what: String) -> OutputError {
        OutputError(path: path, message: "\(what) failed: injected by \(OutputFaults.variable)")
    }
}
