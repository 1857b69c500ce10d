import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The output folder of one run, all or nothing: every file is written into a staging folder
/// beside the target, and `publish()` makes the whole set appear at once. Until then, and after
/// any failure or interrupt, the target holds exactly what it held before, and the staging folder
/// is removed (by `discard()`, `deinit` or the interrupt handler through the `OutputRegistry`).
///
/// What the target holds afterwards: the files of this run; every other entry it held before
/// (the user's notes, a scenario, a subfolder) unchanged, except entries named in `owns` that this
/// run did not write — earlier outputs of the same command (a planar solve writes no GeoJSON, so
/// an earlier geographic plan's `sites.geojson` would otherwise sit beside the new plan).
///
/// How the set appears at once:
/// - a target that does not exist: the staging folder is renamed to it (one `rename`);
/// - an existing target: the entries it keeps are linked into the staging folder (hard links,
///   no data copied) and the two folders are swapped by `renameat2(RENAME_EXCHANGE)` — one atomic
///   step, even across a crash; the previous folder is then removed;
/// - where folders cannot be swapped (the target is a mount point, the file system has no
///   exchange, the current directory is inside the target so a swap would strand it, or the
///   target holds what cannot be linked: special files, other file systems, more than 10,000
///   entries), file by file: each replaced file is first moved aside into the staging folder, and
///   on any failure every step is undone in reverse. This is all-or-nothing for every failure and
///   interrupt nrplan sees; only a crash or power loss in the middle of the renames could leave a mix.
public final class OutputFolder {
    /// The folder the outputs are for (as given).
    public let target: URL
    /// The target's absolute path, symbolic links resolved.
    let targetPath: String
    /// Where the files are written until published.
    let stagingPath: String
    /// True when the staging folder is inside the target (the target is a mount point).
    let stagingInside: Bool
    let owned: Set<String>
    let faults: OutputFaults
    let registry: OutputRegistry
    /// Folders created to hold the target, outermost first; removed again when nothing is published.
    var createdFolders: [String] = []
    /// The files of the run, in creation order.
    private(set) var names: [String] = []
    var finished = false
    /// Set when a failed publication could not put every file back: the staging folder then holds
    /// the user's previous files and is kept.
    var keepsStaging = false

    /// Most entries an existing target may hold for the folder swap (beyond, file by file).
    static let mirrorBudget = 10_000

    /// Creates the staging folder for `target` (and the folders above it that are missing).
    /// - Parameter owns: names of this command's outputs; those in the target that this run does
    ///   not write are removed by `publish()`.
    public init(
        target: URL, owns: Set<String> = [], faults: OutputFaults = .environment, registry: OutputRegistry = .shared
    ) throws(OutputError) {
        self.target = target
        self.owned = owns
        self.faults = faults
        self.registry = registry
        let place = try OutputFolder.locate(target)
        targetPath = place.target
        stagingInside = place.inside
        let pid = getpid()
        stagingPath =
            place.inside
            ? "\(place.target)/.nrplan-staging-\(pid)" : "\(place.parent)/.\(place.name).nrplan-staging-\(pid)"
        // Missing folders above the target, then the staging folder, each registered as made.
        var missing: [String] = []
        var folder = place.parent
        while FileTree.status(folder) == nil, folder != "/" {
            missing.insert(folder, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
        let display = target.path
        let staging = stagingPath
        createdFolders = try registry.locked(display) { entries throws(OutputError) in
            var made: [String] = []
            do throws(OutputError) {
                for path in missing {
                    // 0 on success, -1 with errno (EEXIST: made meanwhile by someone else, not ours)
                    if mkdir(path, 0o777) == 0 {
                        entries.add(path, .emptyFolder)
                        made.append(path)
                    } else if errno != EEXIST {
                        throw .system(path, "cannot create the folder")
                    }
                }
                if FileTree.status(staging) != nil { FileTree.remove(staging) } // left by a killed run with our pid
                // 0 on success, -1 with errno
                guard mkdir(staging, 0o777) == 0 else {
                    throw .system(display, "cannot create a staging folder beside it")
                }
                entries.add(staging, .tree)
                return made
            } catch {
                for path in made.reversed() {
                    rmdir(path)
                    entries.remove(path)
                }
                throw error
            }
        }
    }

    deinit { discard() }

    /// Checks, before any work, that outputs for `target` can be written: the folder where the
    /// staging folder goes exists or can be created, and is writable.
    public static func preflight(_ target: URL) throws(OutputError) {
        let place = try locate(target)
        var folder = place.inside ? place.target : place.parent
        while FileTree.status(folder) == nil, folder != "/" { folder = (folder as NSString).deletingLastPathComponent }
        guard let info = FileTree.status(FileTree.resolved(folder) ?? folder), FileTree.isDirectory(info) else {
            throw OutputError(path: folder, message: "is not a folder; cannot write outputs below it")
        }
        // 0 when allowed, -1 with errno (EACCES, EROFS)
        if access(folder, W_OK | X_OK) != 0 { throw .system(target.path, "cannot write outputs here") }
    }

    /// Where the target is: its resolved path, parent and name, and whether the staging folder
    /// must go inside it (a mount point: a folder beside it would be on another file system).
    static func locate(_ target: URL) throws(OutputError) -> (
        target: String, parent: String, name: String, inside: Bool
    ) {
        let absolute = target.standardizedFileURL.path
        if FileTree.status(absolute) != nil {
            let resolved = FileTree.resolved(absolute) ?? absolute
            guard let real = FileTree.status(resolved), FileTree.isDirectory(real) else {
                throw OutputError(path: target.path, message: "exists and is not a folder")
            }
            let parent = (resolved as NSString).deletingLastPathComponent
            let inside = resolved == "/" || FileTree.isMountPoint(resolved, device: real.st_dev)
            return (resolved, parent, (resolved as NSString).lastPathComponent, inside)
        }
        var parent = (absolute as NSString).deletingLastPathComponent
        if let resolved = FileTree.resolved(parent) { parent = resolved }
        let name = (absolute as NSString).lastPathComponent
        return (parent == "/" ? "/" + name : parent + "/" + name, parent, name, false)
    }

    /// The entries of the target the run writes: its file names and the top folders of its paths.
    var topLevelNames: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for name in names {
            let top = String(name.split(separator: "/", maxSplits: 1).first ?? Substring(name))
            if seen.insert(top).inserted { result.append(top) }
        }
        return result
    }

    /// The path an error about output `name` names: its place in the target.
    func displayPath(_ name: String) -> String { target.appendingPathComponent(name).path }

    /// Starts output `name` in the staging folder: a file name, or a relative path `folder/…/file`
    /// whose top folder is then an output of the run as a whole (published in one piece, replacing
    /// the target's folder of that name — a tiled run's `tiles/3/scenario.json`).
    public func create(_ name: String) throws(OutputError) -> OutputFile {
        guard !finished else { throw OutputError(path: displayPath(name), message: "the outputs are already final") }
        if let limit = faults.failAfterFiles, names.count >= limit { throw faults.failure(displayPath(name), "create") }
        let folder = (name as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: stagingPath + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError(
                    path: displayPath(folder), message: "cannot create the folder: \(error.localizedDescription)")
            }
        }
        names.append(name)
        return try OutputFile(
            url: URL(fileURLWithPath: stagingPath).appendingPathComponent(name), displayPath: displayPath(name),
            registry: registry)
    }

    /// Writes output `name` in one go.
    public func write(_ text: String, as name: String) throws(OutputError) {
        let file = try create(name)
        try file.write(text)
        try file.commit()
    }

    /// Removes the staging folder and any folder created for the target; nothing is published.
    public func discard() {
        guard !finished else { return }
        finished = true
        FileTree.remove(stagingPath)
        registry.unregister(stagingPath)
        for folder in createdFolders.reversed() {
            rmdir(folder)
            registry.unregister(folder)
        }
    }
}
