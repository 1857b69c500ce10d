import Foundation
import Geo
import Support

/// The SHA-256 that ties a tiled run together (`input_sha256`, `scenario_sha256`): over a list of
/// files, each contributing its name (UTF-8), a NUL byte, its length in bytes as decimal ASCII, a
/// NUL byte, then its bytes — so renaming, reordering or editing any file changes the digest, and
/// no two different lists of files give the same byte stream.
public enum InputDigest {
    /// The digest of files already in memory, in order.
    public static func sha256(_ files: [(name: String, data: Data)]) -> String {
        var hasher = SHA256.Hasher()
        for file in files {
            hasher.update(Data(file.name.utf8))
            hasher.update(Data([0]))
            hasher.update(Data(String(file.data.count).utf8))
            hasher.update(Data([0]))
            hasher.update(file.data)
        }
        return hasher.finalizeHex()
    }

    /// The digest of files `names` (relative to `folder`) read from disk; a missing or unreadable
    /// file is an error naming it (`display` is how messages name the folder).
    public static func sha256(of names: [String], in folder: URL, display: String) throws(PlanningError) -> String {
        var files: [(name: String, data: Data)] = []
        var problems: [Problem] = []
        for name in names {
            let shown = display.isEmpty ? name : display + "/" + name
            do {
                let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : folder.appendingPathComponent(name)
                files.append((name, try GeoJSONReader.readFile(url, displayName: name.hasPrefix("/") ? name : shown)))
            } catch {
                problems.append(Problem(error))
            }
        }
        if !problems.isEmpty { throw .invalidInput(problems) }
        return sha256(files)
    }
}
