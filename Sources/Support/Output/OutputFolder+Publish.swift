import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension OutputFolder {
    /// Makes every file of the run appear in the target at once (see the type's documentation);
    /// on failure the target is as it was and the staging folder is gone.
    public func publish() throws(OutputError) {
        guard !finished else { throw OutputError(path: target.path, message: "the outputs are already final") }
        for name in names where FileTree.status(stagingPath + "/" + name) == nil {
            discard()
            throw OutputError(path: displayPath(name), message: "not complete (never committed)")
        }
        for name in names where !name.contains("/") {
            if let info = FileTree.status(targetPath + "/" + name), FileTree.isDirectory(info) {
                discard()
                throw OutputError(path: displayPath(name), message: "is a folder; cannot replace it with a file")
            }
        }
        let leftover: String?
        do throws(OutputError) {
            leftover = try registry.locked(target.path) { entries throws(OutputError) -> String? in
                let step: String?
                do throws(OutputError) {
                    step = try publishStep()
                } catch {
                    // Files that could not be put back are kept in the staging folder: not removed.
                    if keepsStaging { entries.remove(stagingPath) }
                    throw error
                }
                entries.remove(stagingPath)
                for folder in createdFolders { entries.remove(folder) }
                entries.published.append(target.path)
                // What remains at the staging path (the previous folder, or the files moved
                // aside) is removed below; an interrupt in between removes it instead.
                if let old = step { entries.add(old, .tree) }
                return step
            }
        } catch {
            if keepsStaging { finished = true } else { discard() }
            throw error
        }
        finished = true
        FileTree.syncFolder((targetPath as NSString).deletingLastPathComponent)
        if let leftover {
            FileTree.remove(leftover)
            registry.unregister(leftover)
        }
    }

    /// The publication itself, under the registry's lock. Returns the path of what is left to
    /// remove afterwards (nil when nothing is).
    private func publishStep() throws(OutputError) -> String? {
        let fileByFile = stagingInside || faults.forceFileByFile || currentDirectoryIsInsideTarget()
        if !fileByFile {
            if FileTree.status(targetPath) == nil {
                // 0 on success, -1 with errno (ENOTEMPTY/EEXIST: the target appeared meanwhile)
                if rename(stagingPath, targetPath) == 0 {
                    if faults.failDuringPublish { throw injectedAfterRename() }
                    return nil
                }
                if errno != ENOTEMPTY && errno != EEXIST { throw .system(target.path, "cannot publish the outputs") }
            }
            if let done = try swapFolders() { return done }
        }
        try publishFileByFile()
        return stagingPath
    }

    /// The swap: returns the staging path (now holding the previous folder), or nil when the
    /// folders cannot be swapped here (then the staging folder is as it was before the call).
    private func swapFolders() throws(OutputError) -> String? {
        let written = Set(topLevelNames)
        var budget = OutputFolder.mirrorBudget
        var linked: [String] = []
        var complete = true
        for name in FileTree.entries(targetPath) where !written.contains(name) && !owned.contains(name) {
            linked.append(name)
            if !FileTree.mirror(targetPath + "/" + name, to: stagingPath + "/" + name, budget: &budget) {
                complete = false
                break
            }
        }
        func unlink() { for name in linked { FileTree.remove(stagingPath + "/" + name) } }
        guard complete else {
            unlink()
            return nil
        }
        if let info = FileTree.status(targetPath) {
            chmod(stagingPath, info.st_mode & 0o7777)
            if info.st_uid != getuid() || info.st_gid != getgid() { chown(stagingPath, info.st_uid, info.st_gid) }
        }
        if faults.failDuringPublish {
            unlink()
            throw faults.failure(target.path, "publish")
        }
        switch FileTree.exchange(stagingPath, targetPath) {
        case .exchanged:
            return stagingPath
        case .unsupported:
            unlink()
            return nil
        case .failed(let code):
            unlink()
            throw .system(target.path, "cannot publish the outputs", errno: code)
        }
    }

    /// File by file with a journal: each file of the target that is replaced (or an earlier
    /// output of this command that is dropped) is first moved aside into the staging folder, then
    /// the new file moved in; on any failure every move is undone in reverse order.
    private func publishFileByFile() throws(OutputError) {
        let aside = stagingPath + "/.nrplan-previous"
        let written = Set(topLevelNames)
        let dropped = owned.subtracting(written).filter { FileTree.status(targetPath + "/" + $0) != nil }
        // 0 on success, -1 with errno
        guard mkdir(aside, 0o700) == 0 else { throw .system(target.path, "cannot publish the outputs") }
        var journal: [(from: String, to: String)] = []
        func move(_ from: String, _ to: String) throws(OutputError) {
            // 0 on success, -1 with errno
            guard rename(from, to) == 0 else { throw .system(to, "cannot publish the outputs") }
            journal.append((from, to))
        }
        do throws(OutputError) {
            for name in topLevelNames + dropped.sorted() {
                let place = targetPath + "/" + name
                if FileTree.status(place) != nil { try move(place, aside + "/" + name) }
                if written.contains(name) { try move(stagingPath + "/" + name, place) }
                if faults.failDuringPublish { throw faults.failure(target.path, "publish") }
            }
        } catch {
            var lost: [String] = []
            for step in journal.reversed() where rename(step.to, step.from) != 0 { lost.append(step.from) }
            if !lost.isEmpty {
                keepsStaging = true
                throw OutputError(
                    path: target.path,
                    message:
                        "\(error.message); and could not put back \(lost.joined(separator: ", ")) (kept in \(aside))")
            }
            throw error
        }
        FileTree.syncFolder(targetPath)
    }

    /// After the staging folder was renamed to the target (a test fault): renames it back.
    private func injectedAfterRename() -> OutputError {
        rename(targetPath, stagingPath)
        return faults.failure(target.path, "publish")
    }

    /// Whether the process's current directory is the target or inside it (a swap would leave the
    /// shell that ran nrplan in the removed previous folder).
    private func currentDirectoryIsInsideTarget() -> Bool {
        guard let cwd = FileTree.resolved(".") else { return false }
        return cwd == targetPath || cwd.hasPrefix(targetPath + "/")
    }
}
