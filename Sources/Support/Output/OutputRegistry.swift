import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The interrupt registry: every path the output machinery creates before its run is complete
/// (temporary files, staging folders, folders it created for them, the previous contents of a
/// replaced folder), so that a SIGINT/SIGTERM handler can remove them before the process exits.
///
/// Every creation, rename and publication of outputs happens while holding the registry's lock, and
/// `abandonRun()` takes the same lock, closes the registry and removes what is registered: the
/// handler runs either before a publication (the target is untouched) or after it (the outputs are
/// complete), never in the middle, and nothing new can appear once it has run.
public final class OutputRegistry: @unchecked Sendable {
    /// The process-wide registry.
    public static let shared = OutputRegistry()

    /// How a registered path is removed.
    enum Kind {
        /// `unlink`.
        case file
        /// Removed with everything inside.
        case tree
        /// `rmdir`: a folder created only to hold outputs; removed when empty.
        case emptyFolder
    }

    private let lock = NSLock()
    private var entries: [(path: String, kind: Kind)] = []
    private var published: [String] = []
    private var closed = false

    public init() {}

    /// Runs `body` under the lock with the registry's entries; throws `.interrupted` once the run
    /// was abandoned. `body` must not call back into the registry.
    func locked<T>(_ path: String, _ body: (inout Entries) throws(OutputError) -> T) throws(OutputError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if closed { throw .interrupted(path) }
        var view = Entries(items: entries, published: published)
        defer {
            entries = view.items
            published = view.published
        }
        return try body(&view)
    }

    /// The registry's entries inside `locked`.
    struct Entries {
        fileprivate(set) var items: [(path: String, kind: Kind)]
        /// Output folders published so far (an interrupt after that cannot take them back).
        var published: [String]
        mutating func add(_ path: String, _ kind: Kind) { items.append((path, kind)) }
        mutating func remove(_ path: String) { items.removeAll { $0.path == path } }
    }

    /// Forgets `path` (it is complete, or its owner removed it).
    func unregister(_ path: String) {
        lock.withLock { entries.removeAll { $0.path == path } }
    }

    /// Registers a scratch folder of the run (e.g. the demo's generated inputs), removed with
    /// everything inside if the run is interrupted; `removeScratchFolder` removes it at the end.
    public func registerScratchFolder(_ path: String) {
        lock.withLock { entries.append((path, .tree)) }
    }

    /// Removes a scratch folder registered with `registerScratchFolder` and forgets it.
    public func removeScratchFolder(_ path: String) {
        lock.withLock {
            entries.removeAll { $0.path == path }
            FileTree.remove(path)
        }
    }

    /// What `abandonRun()` did.
    public struct Abandoned: Sendable, Equatable {
        /// Unfinished files and folders removed.
        public let removed: Int
        /// Output folders that were already published before the interrupt (complete, kept).
        public let published: [String]
    }

    /// The run is being interrupted (SIGINT/SIGTERM): removes every registered path, newest first,
    /// and refuses anything new.
    @discardableResult
    public func abandonRun() -> Abandoned {
        lock.withLock {
            closed = true
            let removed = entries.count
            for entry in entries.reversed() {
                switch entry.kind {
                case .file: unlink(entry.path)
                case .tree: FileTree.remove(entry.path)
                case .emptyFolder: rmdir(entry.path)
                }
            }
            entries.removeAll()
            return Abandoned(removed: removed, published: published)
        }
    }

    /// The registered paths (for tests).
    public var inFlight: [String] { lock.withLock { entries.map(\.path).sorted() } }
}
