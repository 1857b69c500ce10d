#if canImport(Glibc)
    import Glibc
#endif

/// Outputs could not be written: a file could not be created, written, flushed or renamed, or the
/// set could not be published (disk full, permission, read-only file system), or the run was
/// interrupted while writing. The command exits with `EX_IOERR` (74), not the bad-input code.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder concerned.
    public let path: String
    /// What failed and why, e.g. "write failed: No space left on device".
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `action` failed with the current `errno`: "ACTION failed: REASON".
    static func system(_ path: String, _ action: String, errno code: Int32 = errno) -> OutputError {
        OutputError(path: path, message: "\(action): \(String(cString: strerror(code)))")
    }

    /// The run was interrupted: nothing new may appear.
    static func interrupted(_ path: String) -> OutputError {
        OutputError(path: path, message: "not written: the run was interrupted")
    }

    public var description: String { "\(path): \(message)" }
}
