import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written under a temporary name in its final folder and renamed into place by
/// `commit()`, so no reader ever sees half a file. Until committed (or when discarded, or when
/// the object goes away), the temporary file is removed.
///
/// Writes are buffered (1 MiB); `commit()` flushes, `fsync`s (on file systems with delayed
/// allocation a full disk may only show there) and renames. The temporary file is recorded in the
/// `OutputRegistry` so that an interrupt handler can remove it. The files of a run go into an
/// `OutputFolder`, which publishes them together.
public final class OutputFile {
    /// Where the file ends up.
    public let url: URL
    /// The path error messages name (the file's place in the target folder for staged outputs).
    public let displayPath: String
    private let temporaryPath: String
    private let registry: OutputRegistry
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []
    private var finished = false

    /// Opens a temporary file next to `url`; errors name `displayPath` (default: `url`'s path).
    public init(url: URL, displayPath: String? = nil, registry: OutputRegistry = .shared) throws(OutputError) {
        self.url = url
        self.displayPath = displayPath ?? url.path
        self.registry = registry
        let folder = url.deletingLastPathComponent().path
        let temporaryPath = folder + "/." + url.lastPathComponent + ".partial-\(getpid())"
        self.temporaryPath = temporaryPath
        let path = self.displayPath
        descriptor = try registry.locked(path) { entries throws(OutputError) in
            // -1 on failure, errno set
            let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .system(path, "cannot create") }
            entries.add(temporaryPath, .file)
            return descriptor
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends bytes.
    public func write(bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(OutputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(displayPath, "write failed")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs, closes and renames the file into place (atomic on one file system).
    public func commit() throws(OutputError) {
        guard !finished else { return }
        try flush()
        // 0 on success, -1 on failure (EINVAL: a file system that cannot sync, e.g. a pipe; fine)
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            throw .system(displayPath, "write failed")
        }
        // 0 on success, -1 on failure
        if close(descriptor) != 0 {
            descriptor = -1
            throw .system(displayPath, "close failed")
        }
        descriptor = -1
        let temporaryPath = temporaryPath
        let path = url.path
        let displayPath = displayPath
        finished = true
        do {
            try registry.locked(displayPath) { entries throws(OutputError) in
                entries.remove(temporaryPath)
                // 0 on success, -1 on failure
                if rename(temporaryPath, path) != 0 { throw .system(displayPath, "rename into place failed") }
            }
        } catch {
            unlink(temporaryPath)
            registry.unregister(temporaryPath)
            throw error
        }
    }

    /// Closes and deletes the temporary file; nothing appears at `url`.
    public func discard() {
        guard !finished else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
        registry.unregister(temporaryPath)
        finished = true
    }

    /// Writes `text` to `url` atomically in one go.
    public static func write(_ text: String, to url: URL) throws(OutputError) {
        let file = try OutputFile(url: url)
        try file.write(text)
        try file.commit()
    }
}
