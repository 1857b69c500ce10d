import Geo
import Radio
import Support

/// Whether the sites of a file can reach the planning area at all. A site reaches it when it lies
/// within its maximum range of the area: its radio search radius (the largest over its profile and
/// the land-use classes of the scenario's clutter, `CoverageEvaluator.maxRangeMeters`) or its
/// service radius. A file none of whose sites reaches the area cannot serve the plan; it is almost
/// always the wrong file or read in the wrong coordinate system.
///
/// Distances are measured in the local transverse Mercator frame of the area (planar jobs: their
/// own plane) with GEOS, from each site to the nearest point of the districts (0 inside).
struct SiteReach {
    /// The site of a file nearest to the area, when none reaches it.
    struct Nearest {
        let site: Site
        let distanceMeters: Double
        let reachMeters: Double
    }

    let projection: LocalProjection
    let area: PreparedGeometry
    /// The area's bounding box in the frame: a lower bound on distances before GEOS is asked.
    let box: BoundingBox
    let reach: (Site) -> Double

    /// Nil for an empty area.
    init?(districts: [District], planar: Bool, reach: @escaping (Site) -> Double) throws(GeoError) {
        guard let lonLatBox = ScenarioChecks.areaBox(districts) else { return nil }
        let projection: LocalProjection = planar ? .planar : .centered(on: lonLatBox)
        self.projection = projection
        let projected = districts.flatMap { projection.project($0.geometry).polygons }
        guard let box = Geometry.multiPolygon(projected).boundingBox else { return nil }
        self.box = box
        area = try PreparedGeometry(.multiPolygon(projected), in: GEOSContext())
        self.reach = reach
    }

    /// Nil when some site reaches the area, else the site nearest to it.
    ///
    /// - Complexity: one GEOS distance for a file with a site inside the area (it stops there);
    ///   otherwise one per site that could be nearer than the nearest so far or within any range.
    func unreached(_ sites: [Site]) throws(GeoError) -> Nearest? {
        var nearest: Nearest?
        for site in sites {
            let p = projection.project(site.location)
            let dx = max(box.minX - p.x, 0, p.x - box.maxX)
            let dy = max(box.minY - p.y, 0, p.y - box.maxY)
            let lower = (dx * dx + dy * dy).squareRoot()
            if lower > MaxRange.capMeters, let nearest, lower >= nearest.distanceMeters { continue }
            let distance = try area.distance(to: p)
            if distance == 0 { return nil }
            if distance <= MaxRange.capMeters || nearest.map({ distance < $0.distanceMeters }) ?? true {
                let range = reach(site)
                if distance <= range { return nil }
                if nearest.map({ distance < $0.distanceMeters }) ?? true {
                    nearest = Nearest(site: site, distanceMeters: distance, reachMeters: range)
                }
            }
        }
        return nearest
    }

    /// A distance for messages: metres below 10 km, else kilometres.
    static func text(_ meters: Double) -> String {
        meters < 10_000 ? Precision.whole.fixed(meters) + " m" : Precision.tenths.fixed(meters / 1000) + " km"
    }
}

extension SiteReach {
    /// The reach of radio sites: the largest maximum range of the site's profile at its height,
    /// with the profile's own model and with each land-use class's (cached per profile and height).
    /// A site whose profile is unknown (reported elsewhere) reaches as far as any.
    static func radio(profiles: [String: RadioProfile], clutter: [ClutterClass]) -> (Site) -> Double {
        let cache = ReachCache()
        return { site in
            guard let profile = profiles[site.profileName] else { return MaxRange.capMeters }
            return cache.value(site.profileName, site.heightMeters) {
                var range = CoverageEvaluator(profile: profile, siteHeightMeters: site.heightMeters).maxRangeMeters
                for landUse in clutter {
                    range = max(
                        range, landUse.evaluator(profile: profile, siteHeightMeters: site.heightMeters).maxRangeMeters)
                }
                return range
            }
        }
    }

    /// The reach of service-radius sites: the radius of the site's type, else the largest radius.
    static func service(_ settings: ServiceSettings) -> (Site) -> Double {
        { site in
            site.serviceType.flatMap { name in settings.types.first { $0.name == name }?.radiusMeters }
                ?? settings.maximumRadiusMeters
        }
    }

    /// Ranges already computed, by profile name and site height (one loader thread at a time).
    final class ReachCache {
        private var values: [String: [Double: Double]] = [:]

        func value(_ profile: String, _ height: Double, compute: () -> Double) -> Double {
            if let known = values[profile]?[height] { return known }
            let range = compute()
            values[profile, default: [:]][height] = range
            return range
        }
    }
}
