// libFuzzer harness: the CSV catalogue reader (encoding detection with iconv, RFC 4180 parser,
// header mapping, coordinate checks).
// Property checked besides "no crash": every feature it returns is a Point with a finite WGS-84
// position, and nothing is returned when it reported an error on the header.
import Foundation
import Geo
import Planning

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    var diagnostics = Diagnostics()
    let features = CatalogueCSVReader.read(data: data, file: "fuzz.csv", crs: .gcj02, &diagnostics) ?? []
    for feature in features {
        guard case .point(let p)? = feature.geometry, p.x.isFinite, p.y.isFinite,
            (-180...180).contains(p.x), (-90.5...90.5).contains(p.y)
        else {
            fatalError("feature at line \(feature.index) has no valid point: \(String(describing: feature.geometry))")
        }
    }
    _ = CSVParser.parse([UInt8](data), delimiter: CSVParser.detectDelimiter([UInt8](data)))
    return 0
}
