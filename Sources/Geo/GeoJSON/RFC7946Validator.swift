import Foundation

/// Checks a GeoJSON file against the RFC 7946 rules nrplan promises for its outputs, with
/// Foundation's `JSONSerialization` — deliberately not nrplan's own parser or writer, so the check
/// is independent of the code it checks. Used by the end-to-end tests and the city benchmark.
///
/// Rules: a FeatureCollection of Features; no `crs` member (§4); positions [lon, lat] within
/// range (§3.1.1, §4); linear rings closed with ≥ 4 positions, exteriors counter-clockwise and
/// holes clockwise (§3.1.6); at most 7 decimals in coordinates (§11.2 precision).
public enum RFC7946Validator {
    /// Every violation found (empty when the file conforms); at most `limit` are listed.
    public static func violations(in url: URL, limit: Int = 20) -> [String] {
        guard let data = try? Data(contentsOf: url) else { return ["cannot read \(url.path)"] }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ["not a JSON object"]
        }
        var problems: [String] = []
        func add(_ problem: String) { if problems.count < limit { problems.append(problem) } }
        if root["type"] as? String != "FeatureCollection" { add("top-level type is not FeatureCollection") }
        if root["crs"] != nil { add("top-level crs member (removed by RFC 7946)") }
        guard let features = root["features"] as? [Any] else { return problems + ["no features array"] }
        for (i, element) in features.enumerated() {
            guard let feature = element as? [String: Any] else {
                add("feature \(i): not an object")
                continue
            }
            if feature["type"] as? String != "Feature" { add("feature \(i): type is not Feature") }
            if feature["crs"] != nil { add("feature \(i): crs member") }
            if let properties = feature["properties"], !(properties is [String: Any]) && !(properties is NSNull) {
                add("feature \(i): properties is neither an object nor null")
            }
            guard let geometry = feature["geometry"] as? [String: Any] else {
                if !(feature["geometry"] is NSNull) { add("feature \(i): geometry missing") }
                continue
            }
            for problem in check(geometry: geometry, at: "feature \(i)") { add(problem) }
            if problems.count >= limit { break }
        }
        for problem in decimals(in: data) { add(problem) }
        return problems
    }

    static func check(geometry: [String: Any], at place: String) -> [String] {
        let type = geometry["type"] as? String ?? ""
        let coordinates = geometry["coordinates"]
        switch type {
        case "Point": return position(coordinates, place)
        case "MultiPoint", "LineString": return (coordinates as? [Any] ?? []).flatMap { position($0, place) }
        case "MultiLineString": return (coordinates as? [[Any]] ?? []).flatMap { $0.flatMap { position($0, place) } }
        case "Polygon": return polygon(coordinates, place)
        case "MultiPolygon": return (coordinates as? [Any] ?? []).flatMap { polygon($0, place) }
        default: return ["\(place): unexpected geometry type \(type)"]
        }
    }

    static func position(_ value: Any?, _ place: String) -> [String] {
        guard let numbers = value as? [NSNumber], numbers.count >= 2 else {
            return ["\(place): position is not [lon, lat]"]
        }
        let lon = numbers[0].doubleValue
        let lat = numbers[1].doubleValue
        if !(-180...180).contains(lon) || !(-90...90).contains(lat) {
            return ["\(place): position [\(lon), \(lat)] out of range"]
        }
        return []
    }

    static func polygon(_ value: Any?, _ place: String) -> [String] {
        guard let rings = value as? [[[NSNumber]]], !rings.isEmpty else { return ["\(place): polygon without rings"] }
        var problems: [String] = []
        for (k, ring) in rings.enumerated() {
            if ring.count < 4 { problems.append("\(place): ring \(k) has \(ring.count) positions (< 4)") }
            guard let first = ring.first, let last = ring.last else { continue }
            if first.map(\.doubleValue) != last.map(\.doubleValue) {
                problems.append("\(place): ring \(k) is not closed")
            }
            var area = 0.0
            for j in 0..<(ring.count - 1) {
                area +=
                    ring[j][0].doubleValue * ring[j + 1][1].doubleValue - ring[j + 1][0].doubleValue
                    * ring[j][1].doubleValue
            }
            if k == 0 && area <= 0 { problems.append("\(place): exterior ring is not counter-clockwise") }
            if k > 0 && area >= 0 { problems.append("\(place): interior ring \(k) is not clockwise") }
            problems += ring.flatMap { position($0, place) }
        }
        return problems
    }

    /// Numbers inside every `"coordinates":[...]` with more than 7 decimals.
    static func decimals(in data: Data) -> [String] {
        var problems: [String] = []
        let bytes = [UInt8](data)
        let key = Array("\"coordinates\":".utf8)
        var i = 0
        while i + key.count < bytes.count {
            if bytes[i] != key[0] || !bytes[i..<(i + key.count)].elementsEqual(key) {
                i += 1
                continue
            }
            var j = i + key.count
            var depth = 0
            repeat {
                let byte = bytes[j]
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") { depth -= 1 }
                if byte == UInt8(ascii: ".") {
                    var k = j + 1
                    while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39 { k += 1 }
                    if k - j - 1 > 7 {
                        problems.append("coordinate with \(k - j - 1) decimals near byte \(j)")
                        if problems.count > 5 { return problems }
                    }
                    j = k - 1
                }
                j += 1
            } while depth > 0 && j < bytes.count
            i = j
        }
        return problems
    }
}
