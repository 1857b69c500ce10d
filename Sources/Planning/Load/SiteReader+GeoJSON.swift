import Foundation
import Geo
import Support

/// The sites of a GeoJSON site file read straight from its bytes, feature by feature, with no
/// array of features in between (`GeoJSONReader.fastRead`): each feature's `properties` object is
/// kept as text with only the members a site interprets built, into one array reused from feature
/// to feature; each site is checked as `SiteReader.site` checks a feature read first.
///
/// On a city catalogue the array of features and each feature's own properties array were a
/// fifth of a load's CPU (allocation, first writes to fresh pages, freeing); the sites are the
/// same values, and the messages the same, as reading the features first (`SiteReader.sites(from:)`).
extension SiteReader {
    /// The sites of a GeoJSON file and their problems, or nil when the caller must read the file's
    /// features first: the fast reader does not answer (a file it leaves to the general path), or
    /// a range of features read on its own, after the first, has a problem (a message names a
    /// feature by its index in the file, which such a range learns only once the ranges before
    /// it are read; a file with problems is not worth a second reader).
    /// `alongside`: as `GeoJSONReader.fastRead` takes it.
    static func sites(
        geoJSON data: Data, file: String, crs: CoordinateSystem, options: Options, threads: Int,
        alongside: (() -> Void)?, _ diagnostics: inout Diagnostics
    ) -> [Site]? {
        let text = JSONText(data)
        let converts = crs != .wgs84 && !crs.isPlanar
        guard
            let ranges = GeoJSONReader.fastRead(
                data: data, check: crs.isPlanar ? .none : .wgs84, threads: threads, building: Interpreted.names,
                alongside: alongside, state: { Part(bytes: $0) },
                { feature, part in
                    var feature = feature
                    if converts { feature.geometry = feature.geometry.map { crs.convert($0, to: .wgs84) } }
                    let location = SourceRecord.feature(feature.index)
                    if let site = site(
                        feature, text: text, file: file, location: location, options: options, &part.problems)
                    {
                        part.sites.append(site)
                    }
                })
        else { return nil }
        if ranges.contains(where: { $0.firstIndex > 0 && !$0.state.problems.problems.isEmpty }) { return nil }
        for range in ranges { diagnostics.merge(range.state.problems) }
        guard ranges.count > 1 else { return ranges.first?.state.sites ?? [] }
        var sites: [Site] = []
        sites.reserveCapacity(ranges.reduce(0) { $0 + $1.state.sites.count })
        for range in ranges {
            let offset = sites.count
            sites += range.state.sites
            guard range.firstIndex > 0 else { continue }
            for k in offset..<sites.count {
                guard case .feature(let index) = sites[k].record else { continue }
                sites[k].record = .feature(range.firstIndex + index)
            }
        }
        return sites
    }

    /// What one range of features gave.
    struct Part {
        var sites: [Site]
        var problems = Diagnostics()

        /// Room for the sites of `bytes` of features at once, each feature taken as at least
        /// `minimumFeatureBytes` long: the array never grows (grown by doubling, a city catalogue's
        /// 33 MB of sites wrote about 66 MB of fresh 4 KiB pages, each copy into new storage), and
        /// what it does not fill is never written, so it costs address space only.
        init(bytes: Int) {
            sites = []
            sites.reserveCapacity(bytes / Self.minimumFeatureBytes + 1)
        }

        /// Bytes of the shortest feature that makes a site, about
        /// (`{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[0,0]}}` is 74).
        static let minimumFeatureBytes = 64
    }
}
