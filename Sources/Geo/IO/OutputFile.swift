import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written under a temporary name in its final folder and renamed into place by
/// `commit()`, so no reader ever sees half a file. Until committed (or when discarded, or when
/// the object goes away), the temporary file is removed.
///
/// Writes are buffered (1 MiB). Temporary files in flight are recorded in `TemporaryFiles` so
/// that an interrupt handler can remove them.
public final class OutputFile {
    /// Where the file ends up.
    public let url: URL
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false

    /// Opens a temporary file next to `url`.
    public init(url: URL) throws(GeoError) {
        self.url = url
        let folder = url.deletingLastPathComponent().path
        temporaryPath = folder + "/." + url.lastPathComponent + ".partial-\(getpid())"
        // -1 on failure, errno set
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GeoError.io(file: url.path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        guard TemporaryFiles.shared.register(temporaryPath) else {
            close(descriptor)
            unlink(temporaryPath)
            throw GeoError.io(file: url.path, message: "not written: the run was interrupted")
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws(GeoError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends bytes.
    public func write(bytes: [UInt8]) throws(GeoError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(GeoError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw GeoError.io(file: url.path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place (atomic on one file system).
    public func commit() throws(GeoError) {
        guard !finished else { return }
        try flush()
        // 0 on success, -1 on failure
        if close(descriptor) != 0 {
            throw GeoError.io(file: url.path, message: "close failed: \(String(cString: strerror(errno)))")
        }
        descriptor = -1
        finished = true
        if let failure = TemporaryFiles.shared.moveIntoPlace(temporaryPath, url.path) {
            throw GeoError.io(file: url.path, message: failure)
        }
    }

    /// Closes and deletes the temporary file; nothing appears at `url`.
    public func discard() {
        guard !finished else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
        TemporaryFiles.shared.unregister(temporaryPath)
        finished = true
    }

    /// Writes `text` to `url` atomically in one go.
    public static func write(_ text: String, to url: URL) throws(GeoError) {
        let file = try OutputFile(url: url)
        try file.write(text)
        try file.commit()
    }
}

/// The temporary output files currently being written, so that a signal handler can remove them
/// before the process exits (no half-written file is ever left behind).
///
/// It also remembers the files moved into place since the last `keepCommitted()`, so that an
/// interrupted multi-file run can take back the files it had already completed (`abandonRun()`),
/// and once abandoned it refuses new temporary files and renames: nothing can appear after the
/// interrupt handler has cleaned up, whatever the other threads were doing.
public final class TemporaryFiles: @unchecked Sendable {
    /// The process-wide registry.
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var committed: [String] = []
    private var closed = false

    /// Records a temporary file; false once the run was abandoned (the caller must not write).
    func register(_ path: String) -> Bool {
        lock.withLock {
            if closed { return false }
            paths.insert(path)
            return true
        }
    }

    func unregister(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Renames a temporary file into place under the lock, so that it is either complete at its
    /// final name before `abandonRun()` runs, or never there. Returns an error message, or nil.
    func moveIntoPlace(_ temporaryPath: String, _ finalPath: String) -> String? {
        lock.withLock {
            paths.remove(temporaryPath)
            if closed {
                unlink(temporaryPath)
                return "not written: the run was interrupted"
            }
            // 0 on success, -1 on failure
            if rename(temporaryPath, finalPath) != 0 {
                let message = String(cString: strerror(errno))
                unlink(temporaryPath)
                return "rename into place failed: \(message)"
            }
            committed.append(finalPath)
            return nil
        }
    }

    /// Deletes every temporary file in flight.
    public func removeAll() {
        let current = lock.withLock { paths }
        for path in current { unlink(path) }
    }

    /// The run is being interrupted (SIGINT/SIGTERM): deletes every temporary file in flight and
    /// every output completed since the last `keepCommitted()`, and refuses any new one. Returns
    /// how many files were removed.
    @discardableResult
    public func abandonRun() -> Int {
        lock.withLock {
            closed = true
            let removed = paths.count + committed.count
            for path in paths { unlink(path) }
            for path in committed { unlink(path) }
            paths.removeAll()
            committed.removeAll()
            return removed
        }
    }

    /// The outputs moved into place so far are final: `abandonRun()` will no longer remove them.
    public func keepCommitted() { lock.withLock { committed.removeAll() } }

    /// The temporary files in flight (for tests).
    public var inFlight: [String] { lock.withLock { paths.sorted() } }
}
