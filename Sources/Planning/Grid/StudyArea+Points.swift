import Geo
import Support

extension StudyArea {
    /// The demand grid of weighted demand points (`PointDemandGrid`: one cell per point, points in
    /// one cell merged) and the warnings about merged points and points outside the area or in
    /// exclusions.
    /// - Parameter extent: a box (scenario coordinates) the grid must span too, e.g. a lattice's.
    /// - Throws: `.invalidInput` when no point lies in the area outside the exclusions.
    static func pointGrid(
        _ points: DemandPoints, cellMeters: Double, extent: BoundingBox?, projection: LocalProjection,
        districts districtsMeters: [Geometry], districtNames: [String], exclusions exclusionsMeters: [Geometry],
        sourceFile: String
    ) throws(PlanningError) -> (DemandGrid, [Problem]) {
        var extentMeters: BoundingBox?
        if let extent {
            let corners = [
                Coordinate(x: extent.minX, y: extent.minY), Coordinate(x: extent.maxX, y: extent.minY),
                Coordinate(x: extent.minX, y: extent.maxY), Coordinate(x: extent.maxX, y: extent.maxY),
            ].map(projection.project)
            var b = BoundingBox(minX: corners[0].x, minY: corners[0].y, maxX: corners[0].x, maxY: corners[0].y)
            for c in corners { b.include(c) }
            extentMeters = b
        }
        let built = try PointDemandGrid.build(
            points: points.positions.map(projection.project), weights: points.weights, cellMeters: cellMeters,
            extent: extentMeters, districts: districtsMeters, districtNames: districtNames,
            exclusions: exclusionsMeters, projection: projection, sourceFile: sourceFile)
        let plain = built.grid
        let r = built.report
        var pointWarnings: [Problem] = []
        func line(_ i: Int) -> String {
            points.file.hasSuffix(".csv") || points.file.hasSuffix(".tsv")
                ? "line \(points.sourceLines[i])" : "feature \(points.sourceLines[i])"
        }
        func warn(_ message: String) {
            pointWarnings.append(Problem(.warning, file: points.file, field: "points", message: message))
        }
        if let first = r.firstMerge {
            warn(
                "\(r.merged) demand point(s) share a demand cell of \(Precision.hundredths.text(cellMeters)) m with an earlier point (first: \(line(first.merged)) with \(line(first.kept))); their weights were summed"
            )
        }
        if let first = r.firstOutside {
            warn(
                "\(r.outside) demand point(s) lie outside the planning area (first: \(line(first))); they are not demand"
            )
        }
        if let first = r.firstInExclusion {
            warn("\(r.inExclusion) demand point(s) lie in exclusions (first: \(line(first))); they are not demand")
        }
        guard plain.cellCount > 0 else {
            throw .invalidInput([
                Problem(
                    .error, file: points.file, field: "points",
                    message: "no demand point lies in the planning area outside the exclusions")
            ])
        }
        return (plain, pointWarnings)
    }
}
