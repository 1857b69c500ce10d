// libFuzzer harness: the GeoJSON reader (nrplan's JSON parser + GeoJSON structure checks).
// Property checked besides "no crash": whatever it accepts, the writer's rendering of it reads
// back with the same number of features.
import Foundation
import Geo
import Support

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let result = try? GeoJSONReader.parse(data: data, file: "fuzz.geojson", check: .wgs84) else { return 0 }
    var text = "{\"type\":\"FeatureCollection\",\"features\":["
    for (i, feature) in result.features.enumerated() {
        if i > 0 { text += "," }
        text += "{\"type\":\"Feature\",\"geometry\":"
        if let geometry = feature.geometry {
            GeoJSONWriter.appendGeometry(geometry, into: &text)
        } else {
            text += "null"
        }
        text += ",\"properties\":"
        JSONWriter.write(.object(feature.properties), into: &text)
        text += "}"
    }
    text += "]}"
    do {
        let again = try GeoJSONReader.parse(data: Data(text.utf8), file: "rewritten.geojson", check: .wgs84)
        if again.features.count != result.features.count {
            fatalError("round trip changed the feature count: \(result.features.count) → \(again.features.count)")
        }
    } catch {
        fatalError("the writer's output of an accepted input does not read back: \(error)")
    }
    return 0
}
