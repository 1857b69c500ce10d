import Foundation
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Reading an input file whole, with errors that say what is wrong with the path (missing, a
/// folder, a pipe, unreadable): the one way every input file is read.
extension GeoJSONReader {
    /// Reads a whole file, with an error that says what is wrong with the path.
    public static func readFile(_ url: URL, displayName: String) throws(GeoError) -> Data {
        let size = try checkRegularFile(url, displayName: displayName)
        if size >= largeFileBytes, let data = readLarge(url, size: size) { return data }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw GeoError.io(file: displayName, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Files from this size on are read by `readLarge`.
    static let largeFileBytes = 4 << 20

    /// A large file's bytes read into one buffer sized from `stat` and handed to `Data` as it is
    /// (a city layer is tens of MB, every page of it written once), or nil when anything goes wrong:
    /// `Data(contentsOf:)` then reads it (or says why it cannot) as for a small file. No huge pages
    /// are asked for: on a VM with free page reporting they made a process's first read slower
    /// (docs/scale.md, "Fresh memory on this VM").
    static func readLarge(_ url: URL, size: Int) -> Data? {
        // -1 with errno on failure
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let capacity = size + 1 // one byte more than stat said, to see the end
        guard let base = malloc(capacity) else { return nil }
        let (count, failure) = readUpTo(descriptor, into: base, from: 0, capacity: capacity)
        guard failure == 0, count < capacity else {
            free(base) // a read error, or the file grew while it was read
            return nil
        }
        return Data(bytesNoCopy: base, count: count, deallocator: .free)
    }

    /// Reads a whole file as `readFile` does, into an array: for readers that scan the bytes in
    /// place (a CSV catalogue), without copying them out of `Data` (tens of MB for a city).
    public static func readBytes(_ url: URL, displayName: String) throws(GeoError) -> [UInt8] {
        let size = try checkRegularFile(url, displayName: displayName)
        // -1 with errno on failure
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw GeoError.io(file: displayName, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var capacity = size + 1 // one byte more than stat said, to see the end in the first pass
        while true {
            var failure: Int32 = 0
            let previous = bytes.count
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                if previous > 0, let base = buffer.baseAddress {
                    bytes.withUnsafeBufferPointer { old in base.initialize(from: old.baseAddress!, count: previous) }
                }
                (count, failure) = readUpTo(
                    descriptor, into: UnsafeMutableRawPointer(buffer.baseAddress!), from: previous, capacity: capacity)
            }
            if failure != 0 {
                throw GeoError.io(file: displayName, message: "cannot read: \(String(cString: strerror(failure)))")
            }
            if bytes.count < capacity { return bytes }
            capacity *= 2 // the file grew while it was read
        }
    }

    /// Reads from `descriptor` into `base[start..<capacity]` until the buffer is full or the file
    /// ends, retrying reads interrupted by a signal. Returns how many bytes `base` holds from its
    /// start, and the read's errno when one failed (else 0).
    static func readUpTo(_ descriptor: Int32, into base: UnsafeMutableRawPointer, from start: Int, capacity: Int)
        -> (count: Int, failure: Int32)
    {
        var count = start
        while count < capacity {
            // bytes read (0 at the end of the file), or -1 with errno
            let got = Glibc.read(descriptor, base + count, capacity - count)
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return (count, errno) }
            if got == 0 { break }
            count += got
        }
        return (count, 0)
    }

    /// The size of the regular file at `url`, or the error that says what is wrong with the path.
    @discardableResult
    static func checkRegularFile(_ url: URL, displayName: String) throws(GeoError) -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw GeoError.io(file: displayName, message: "no such file")
        }
        if isDirectory.boolValue {
            throw GeoError.io(file: displayName, message: "is a directory, expected a file")
        }
        // A FIFO would block the read forever, and a socket or device is never an input file.
        var status = stat()
        // 0 on success, -1 with errno (follows symbolic links)
        if stat(url.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let kind: String
            switch status.st_mode & S_IFMT {
            case S_IFSOCK: kind = "a socket"
            case S_IFIFO: kind = "a pipe (FIFO)"
            default: kind = "a device or other special file"
            }
            throw GeoError.io(file: displayName, message: "is \(kind), expected a regular file")
        }
        return max(0, Int(status.st_size))
    }
}
