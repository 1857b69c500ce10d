import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The file-system steps of publishing outputs, on POSIX calls (each failure is an errno).
enum FileTree {
    /// `lstat` of `path`, or nil when it does not exist (or cannot be examined).
    static func status(_ path: String) -> stat? {
        var info = stat()
        // 0 on success, -1 with errno
        return lstat(path, &info) == 0 ? info : nil
    }

    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }

    /// Removes `path` and, for a folder, everything inside it (symbolic links are removed, never
    /// followed). Best effort: what cannot be removed stays.
    static func remove(_ path: String) {
        guard let info = status(path) else { return }
        guard isDirectory(info) else {
            unlink(path)
            return
        }
        // A file created inside while we walk is caught by the next pass.
        for _ in 0..<3 {
            for name in entries(path) { remove(path + "/" + name) }
            // 0 on success, -1 with errno
            if rmdir(path) == 0 || errno == ENOENT { return }
        }
    }

    /// The names in folder `path` (not `.` and `..`), sorted; empty when it cannot be read.
    static func entries(_ path: String) -> [String] {
        // nil on failure, errno set
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Recreates `source` at `destination` without copying data: regular files as hard links,
    /// symbolic links as new links with the same text, folders as new folders (same mode) holding
    /// the same, recursively. Returns false, leaving what it made, when anything cannot be
    /// recreated that way (another file system, a special file, more than `budget` entries).
    static func mirror(_ source: String, to destination: String, budget: inout Int) -> Bool {
        guard budget > 0, let info = status(source) else { return false }
        budget -= 1
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // 0 on success, -1 with errno
            return link(source, destination) == 0
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            // length on success, -1 with errno
            let length = readlink(source, &buffer, buffer.count - 1)
            guard length >= 0 else { return false }
            buffer[length] = 0
            return symlink(buffer, destination) == 0
        case S_IFDIR:
            // 0 on success, -1 with errno
            guard mkdir(destination, info.st_mode & 0o7777) == 0 else { return false }
            for name in entries(source) {
                guard mirror(source + "/" + name, to: destination + "/" + name, budget: &budget) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// The result of `exchange`.
    enum ExchangeResult {
        case exchanged
        /// The kernel or file system cannot exchange these two (no `renameat2`, another file
        /// system, a mount point): publish another way.
        case unsupported
        case failed(errno: Int32)
    }

    /// Swaps the folders `a` and `b` in one step: Linux `renameat2(…, RENAME_EXCHANGE)` (3.15+,
    /// glibc 2.28+). Looked up at run time: Swift's Glibc module does not export it (it needs
    /// `_GNU_SOURCE`) and cannot call the variadic `syscall`.
    static func exchange(_ a: String, _ b: String) -> ExchangeResult {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // nil when the C library has no renameat2
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return .unsupported }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        // 0 on success, -1 with errno
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 { return .exchanged }
        let code = errno
        switch code {
        case EINVAL, ENOSYS, EXDEV, EBUSY, ENOTSUP: return .unsupported
        default: return .failed(errno: code)
        }
    }

    /// Makes a rename or creation in folder `path` durable (best effort).
    static func syncFolder(_ path: String) {
        // -1 on failure
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Whether `path` (absolute, resolved) is a mount point: on another device than its parent, or
    /// listed in /proc/self/mountinfo (a bind mount of a folder on the same device). Renames into
    /// and out of a mount point fail with EXDEV.
    static func isMountPoint(_ path: String, device: dev_t) -> Bool {
        let parent = (path as NSString).deletingLastPathComponent
        if let info = status(parent), info.st_dev != device { return true }
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return false }
        for line in table.split(separator: "\n") {
            // ID PARENT MAJOR:MINOR ROOT MOUNT-POINT …; spaces and the like escaped as \ooo octal.
            let fields = line.split(separator: " ", maxSplits: 5)
            if fields.count >= 5, unescapeOctal(String(fields[4])) == path { return true }
        }
        return false
    }

    /// `\040` → " " (the escapes of /proc/self/mountinfo).
    static func unescapeOctal(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let raw = Array(text.utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\"), i + 3 < raw.count,
                let value = UInt8(String(decoding: raw[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical absolute path of an existing `path` (symbolic links resolved), or nil.
    static func resolved(_ path: String) -> String? {
        // nil on failure
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
