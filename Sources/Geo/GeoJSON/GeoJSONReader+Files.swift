import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading an input file whole, with errors that say what is wrong with the path (missing, a
/// folder, a pipe, unreadable): the one way every input file is read.
extension GeoJSONReader {
    /// Reads a whole file, with an error that says what is wrong with the path.
    public static func readFile(_ url: URL, displayName: String) throws(GeoError) -> Data {
        try checkRegularFile(url, displayName: displayName)
        do {
            return try Data(contentsOf: url)
        } catch {
            throw GeoError.io(file: displayName, message: "cannot read: \(error.localizedDescription)")
        }
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
                count = previous
                while count < capacity {
                    // bytes read (0 at the end of the file), or -1 with errno
                    let got = Glibc.read(descriptor, buffer.baseAddress! + count, capacity - count)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { failure = errno }
                    if got <= 0 { return }
                    count += got
                }
            }
            if failure != 0 {
                throw GeoError.io(file: displayName, message: "cannot read: \(String(cString: strerror(failure)))")
            }
            if bytes.count < capacity { return bytes }
            capacity *= 2 // the file grew while it was read
        }
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
