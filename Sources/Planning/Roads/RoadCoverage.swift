import Geo
import Radio
import Support

extension RoadNetwork {
    /// Which road rows each site covers: a sample is covered when the site serves its road's entry
    /// (`RoadSettings.Entry.servingProfile`) and the entry's judged profile for the site's profile,
    /// placed at the site's position and height, closes its budget at the sample's point (clutter
    /// classes do not apply to road samples).
    ///
    /// - Parameters:
    ///   - placements: each column's position, height and profile (the profile's name picks the
    ///     judged profile).
    ///   - spec: the demand grid, used to bucket the samples by grid square.
    /// - Returns: CSR by column: `starts[j] ..< starts[j + 1]` indexes `rows`, ascending row ids.
    /// - Complexity: O(Σ samples within each site's search radius); blocks of 64 sites in parallel,
    ///   concatenated in site order (identical for any thread count).
    public func coverage(
        placements: [SitePlacement], settings: RoadSettings, spec: GridSpec, threads: Int
    ) -> (starts: [Int], rows: [UInt32]) {
        // Rows bucketed by grid square (rows ascending within a square).
        var squareStarts = [Int](repeating: 0, count: spec.cellCount + 1)
        var squareOfRow = [Int](repeating: -1, count: rowCount)
        for row in 0..<rowCount {
            let p = samplePoints[Int(sampleOfRow[row])]
            let column = Int(((p.x - spec.originX) / spec.cellMeters).rounded(.down))
            let gridRow = Int(((p.y - spec.originY) / spec.cellMeters).rounded(.down))
            guard column >= 0, gridRow >= 0, column < spec.columns, gridRow < spec.rows else { continue }
            squareOfRow[row] = gridRow * spec.columns + column
            squareStarts[squareOfRow[row] + 1] += 1
        }
        for k in 0..<spec.cellCount { squareStarts[k + 1] += squareStarts[k] }
        var fill = squareStarts
        var rowsBySquare = [Int32](repeating: 0, count: squareStarts[spec.cellCount])
        for row in 0..<rowCount where squareOfRow[row] >= 0 {
            rowsBySquare[fill[squareOfRow[row]]] = Int32(row)
            fill[squareOfRow[row]] += 1
        }
        let entryOfRow = (0..<rowCount).map { roads[routes[Int(sampleRoute[Int(sampleOfRow[$0])])].road].entry }
        let halfDiagonal = spec.cellMeters * 0.5 * 2.0.squareRoot()
        let blocks = Parallel.chunks(count: placements.count, parts: (placements.count + 63) / 64)
        let starts = squareStarts
        let bucketed = rowsBySquare
        let results: [[[UInt32]]] = Parallel.map(count: blocks.count, threads: threads) { b in
            var cache: [BudgetCache.Key: CoverageEvaluator] = [:]
            var perSite: [[UInt32]] = []
            for j in blocks[b] {
                let site = placements[j]
                let evaluators: [CoverageEvaluator?] = settings.entries.map { entry in
                    guard entry.servingProfile == nil || entry.servingProfile == site.profile.name,
                        let judged = entry.judgedProfiles[site.profile.name]
                    else { return nil }
                    let key = BudgetCache.Key(profile: judged, heightMeters: site.heightMeters)
                    if let cached = cache[key] { return cached }
                    let evaluator = CoverageEvaluator(profile: judged, siteHeightMeters: site.heightMeters)
                    cache[key] = evaluator
                    return evaluator
                }
                let range = evaluators.reduce(0.0) { max($0, $1?.maxRangeMeters ?? 0) }
                var covered: [UInt32] = []
                if range > 0 {
                    CoverageMatrixBuilder.forEachRowSpan(within: range + halfDiagonal, of: site.position, spec: spec) {
                        gridRow, _, columns in
                        for column in columns {
                            let square = gridRow * spec.columns + column
                            for k in starts[square]..<starts[square + 1] {
                                let row = Int(bucketed[k])
                                guard let evaluator = evaluators[entryOfRow[row]] else { continue }
                                let p = samplePoints[Int(sampleOfRow[row])]
                                let east = p.x - site.position.x
                                let north = p.y - site.position.y
                                let reach = evaluator.maxRangeMeters
                                guard east * east + north * north <= reach * reach else { continue }
                                if evaluator.couplingLossDB(eastMeters: east, northMeters: north)
                                    <= evaluator.maxCouplingLossDB
                                {
                                    covered.append(UInt32(row))
                                }
                            }
                        }
                    }
                }
                covered.sort()
                perSite.append(covered)
            }
            return perSite
        }
        var columnStarts = [0]
        var rows: [UInt32] = []
        for block in results {
            for site in block {
                rows += site
                columnStarts.append(rows.count)
            }
        }
        return (columnStarts, rows)
    }
}
