import Foundation

/// An independent checker of MathorCup 2022 D plans, written from the competition's rules
/// (`../shared/benchmarks/mathorcup2022d/README.md`) with plain code and Foundation only: it shares
/// nothing with nrplan's modules — no coverage matrix, no footprint runs, no solver — so a plan
/// nrplan wrote is recomputed from `sites.csv` and the two attachments alone.
///
/// Rules checked:
/// - every new site stands on an integer grid point with x, y in 0…2499;
/// - every two new sites, and every new site and every existing site, are **strictly more than 10**
///   apart (squared integer distance > 100);
/// - a weak point is covered when its squared distance to a site is ≤ r² (macro r = 30, micro
///   r = 10); with sectors (Problem 2), when for some sector azimuth θ (degrees clockwise from +y)
///   the angular difference φ between the point's bearing and θ is ≤ 60° and the distance is
///   ≤ r·(1 − φ/120°) (+10⁻⁹·r), or the point is the site's own position; sector azimuths of one
///   site pairwise ≥ 45° apart;
/// - cost = 10 per macro + 1 per micro; coverage = covered traffic / total traffic (each point once).
public enum MathorCupCheck {
    public struct WeakPoint: Sendable {
        public var x: Int, y: Int, traffic: Double
        public init(x: Int, y: Int, traffic: Double) {
            self.x = x
            self.y = y
            self.traffic = traffic
        }
    }
    public struct Site: Sendable {
        public var x: Int, y: Int, type: String, azimuths: [Double]
        public init(x: Int, y: Int, type: String, azimuths: [Double]) {
            self.x = x
            self.y = y
            self.type = type
            self.azimuths = azimuths
        }
    }

    /// The competition's two attachments.
    public struct Attachments: Sendable {
        public var points: [WeakPoint]
        public var existing: [(x: Int, y: Int)]
        public init(points: [WeakPoint], existing: [(x: Int, y: Int)]) {
            self.points = points
            self.existing = existing
        }
        public var totalTraffic: Double { points.reduce(0) { $0 + $1.traffic } }
    }

    /// What a plan achieves, recomputed.
    public struct Verdict: Sendable {
        public var sites = 0
        public var macro = 0
        public var micro = 0
        public var cost = 0
        public var coveredTraffic = 0.0
        public var totalTraffic = 0.0
        public var coveredPoints = 0
        /// Pairs of new sites at distance ≤ 10, and (new, existing) pairs at distance ≤ 10.
        public var newNewViolations = 0
        public var newExistingViolations = 0
        /// Sites off the integer grid 0…2499 or of an unknown type, and sites whose sector azimuths are < 45° apart.
        public var badPositions = 0
        public var badTypes = 0
        public var azimuthViolations = 0
        public var coverage: Double { totalTraffic > 0 ? coveredTraffic / totalTraffic : 0 }

        /// Feasible for a coverage target (Problem 1: 0.9) — every rule above holds.
        public func feasible(coverageTarget: Double) -> Bool {
            coverage >= coverageTarget && newNewViolations == 0 && newExistingViolations == 0 && badPositions == 0
                && badTypes == 0 && azimuthViolations == 0
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Lines of a CSV file without its header, fields split at commas (the attachments and
    /// nrplan's sites.csv hold no quoted fields); CRLF and LF line ends.
    static func records(_ url: URL) throws -> (header: [String], rows: [[String]]) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw Failure(description: "\(url.path): cannot read: \(error)")
        }
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        guard !lines.isEmpty else { throw Failure(description: "\(url.path): empty") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return (
            header,
            lines.filter { !$0.isEmpty }.map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            }
        )
    }

    /// Reads `attachment1_weak_points.csv` (`x,y,traffic`) and `attachment2_existing_sites.csv` (`id,x,y`).
    public static func readAttachments(folder: URL) throws -> Attachments {
        let weak = try records(folder.appendingPathComponent("attachment1_weak_points.csv"))
        let existing = try records(folder.appendingPathComponent("attachment2_existing_sites.csv"))
        guard let px = weak.header.firstIndex(of: "x"), let py = weak.header.firstIndex(of: "y"),
            let pt = weak.header.firstIndex(of: "traffic"),
            let ex = existing.header.firstIndex(of: "x"), let ey = existing.header.firstIndex(of: "y")
        else {
            throw Failure(description: "attachments: unexpected headers \(weak.header), \(existing.header)")
        }
        var points: [WeakPoint] = []
        for (n, row) in weak.rows.enumerated() {
            guard let x = Int(row[px]), let y = Int(row[py]), let t = Double(row[pt]) else {
                throw Failure(description: "attachment 1 line \(n + 2): \(row)")
            }
            points.append(WeakPoint(x: x, y: y, traffic: t))
        }
        var sites: [(x: Int, y: Int)] = []
        for (n, row) in existing.rows.enumerated() {
            guard let x = Int(row[ex]), let y = Int(row[ey]) else {
                throw Failure(description: "attachment 2 line \(n + 2): \(row)")
            }
            sites.append((x, y))
        }
        return Attachments(points: points, existing: sites)
    }

    /// The new sites of an nrplan `sites.csv` (`plan` = `new`), or of a headerless-type file with
    /// columns `x,y,…,kind` (the published GeYuYao plan: `x,y,type_code,kind`).
    public static func readSites(_ url: URL) throws -> [Site] {
        let (header, rows) = try records(url)
        guard let cx = header.firstIndex(of: "x"), let cy = header.firstIndex(of: "y") else {
            throw Failure(description: "\(url.path): expected x and y columns, found \(header)")
        }
        let ctype = header.firstIndex(of: "type") ?? header.firstIndex(of: "kind")
        let cplan = header.firstIndex(of: "plan")
        let azimuthColumns = header.indices.filter { header[$0].hasPrefix("azimuth") }
        var sites: [Site] = []
        for (n, row) in rows.enumerated() {
            if let cplan, row[cplan] != "new" { continue }
            guard let ctype else { throw Failure(description: "\(url.path): no type column") }
            // Integer grid positions only: "12" parses, "12.5" does not (and is reported as off-grid).
            let x = Int(row[cx]) ?? Int.min
            let y = Int(row[cy]) ?? Int.min
            if x == Int.min || y == Int.min, Double(row[cx]) == nil || Double(row[cy]) == nil {
                throw Failure(description: "\(url.path): line \(n + 2): coordinates '\(row[cx])', '\(row[cy])'")
            }
            let azimuths = azimuthColumns.compactMap { row[$0].isEmpty ? nil : Double(row[$0]) }
            sites.append(Site(x: x, y: y, type: row[ctype], azimuths: azimuths))
        }
        return sites
    }

    /// Recomputes coverage, cost, spacing and positions of `sites`.
    public static func check(_ sites: [Site], _ data: Attachments) -> Verdict {
        var verdict = Verdict()
        verdict.sites = sites.count
        verdict.totalTraffic = data.totalTraffic
        let side = 2500
        // Traffic of the weak point at each grid position (positions are distinct in attachment 1).
        var pointAt = [Int32](repeating: -1, count: side * side)
        for (k, p) in data.points.enumerated() where p.x >= 0 && p.y >= 0 && p.x < side && p.y < side {
            pointAt[p.y * side + p.x] = Int32(k)
        }
        var covered = [Bool](repeating: false, count: data.points.count)
        for site in sites {
            let r: Int
            switch site.type {
            case "macro":
                r = 30
                verdict.macro += 1
                verdict.cost += 10
            case "micro":
                r = 10
                verdict.micro += 1
                verdict.cost += 1
            default:
                verdict.badTypes += 1
                continue
            }
            guard site.x >= 0, site.y >= 0, site.x < side, site.y < side else {
                verdict.badPositions += 1
                continue
            }
            for a in 0..<site.azimuths.count {
                for b in (a + 1)..<max(a + 1, site.azimuths.count) {
                    var d = abs(site.azimuths[a] - site.azimuths[b]).truncatingRemainder(dividingBy: 360)
                    if d > 180 { d = 360 - d }
                    if d < 45 - 1e-9 { verdict.azimuthViolations += 1 }
                }
            }
            for dy in -r...r {
                for dx in -r...r where dx * dx + dy * dy <= r * r {
                    let x = site.x + dx
                    let y = site.y + dy
                    guard x >= 0, y >= 0, x < side, y < side else { continue }
                    let k = pointAt[y * side + x]
                    guard k >= 0, !covered[Int(k)] else { continue }
                    if site.azimuths.isEmpty || inSector(dx: dx, dy: dy, r: r, azimuths: site.azimuths) {
                        covered[Int(k)] = true
                    }
                }
            }
        }
        for (k, p) in data.points.enumerated() where covered[k] {
            verdict.coveredTraffic += p.traffic
            verdict.coveredPoints += 1
        }
        for a in 0..<sites.count {
            for b in (a + 1)..<sites.count {
                let dx = sites[a].x - sites[b].x
                let dy = sites[a].y - sites[b].y
                if dx * dx + dy * dy <= 100 { verdict.newNewViolations += 1 }
            }
            for e in data.existing {
                let dx = sites[a].x - e.x
                let dy = sites[a].y - e.y
                if dx * dx + dy * dy <= 100 { verdict.newExistingViolations += 1 }
            }
        }
        return verdict
    }

    /// Whether offset (dx east, dy north) is within one of the sectors (see the type's documentation).
    public static func inSector(dx: Int, dy: Int, r: Int, azimuths: [Double]) -> Bool {
        if dx == 0 && dy == 0 { return true }
        let d = (Double(dx * dx + dy * dy)).squareRoot()
        let bearing = atan2(Double(dx), Double(dy)) * 180 / Double.pi
        for azimuth in azimuths {
            var phi = abs(bearing - azimuth).truncatingRemainder(dividingBy: 360)
            if phi > 180 { phi = 360 - phi }
            if phi <= 60 && d <= Double(r) * (1 - phi / 120) + 1e-9 * Double(r) { return true }
        }
        return false
    }

    /// Clusters of the first `count` weak points by brute force: union–find over all O(n²) pairs at
    /// distance ≤ `distance` (Problem 3's transitive rule). Returns the number of clusters.
    public static func bruteForceClusterCount(_ points: [WeakPoint], distance: Int) -> Int {
        var parent = Array(0..<points.count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for a in 0..<points.count {
            for b in (a + 1)..<points.count {
                let dx = points[a].x - points[b].x
                let dy = points[a].y - points[b].y
                if dx * dx + dy * dy <= distance * distance {
                    let ra = root(a)
                    let rb = root(b)
                    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
                }
            }
        }
        return (0..<points.count).filter { root($0) == $0 }.count
    }
}
