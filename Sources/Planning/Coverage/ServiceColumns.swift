import Foundation
import Geo
import Optimizer

/// The columns of a service-radius job: (location, type, orientation) with the demand cells each
/// serves, the existing sites as fixed columns, and the packing constraints between locations.
///
/// Locations are the eligible catalogue candidates, the lattice squares that carry at least one
/// column, and the existing sites; they conflict when at most `min_spacing_m` apart (or, without a
/// spacing, only with themselves: one type per location). Lattice squares within the spacing of an
/// existing site are never generated; catalogue candidates there are screened out
/// (`nearExisting`); the solver would refuse both anyway (`ColumnPacking`: a free column in conflict
/// with a fixed one is forbidden).
struct ServiceColumns {
    /// Where a column comes from.
    enum Source: Equatable {
        case candidate(Int)
        case lattice(square: Int)
        case existing(Int)
    }

    var sources: [Source] = []
    var types: [Int] = []
    /// Orientation index into the type's `orientations` (0 for omnidirectional types).
    var orientations: [Int] = []
    var costs: [Double] = []
    var starts: [Int] = [0]
    var cells: [UInt32] = []
    var locationOfColumn: [Int] = []
    var locationX: [Double] = []
    var locationY: [Double] = []
    var existingColumns: [Int] = []
    /// Per lattice class (type, orientation): the class and its screening counts.
    var latticeClasses: [(footprint: LatticeCandidates.FootprintClass, statistics: LatticeCandidates.Statistics)] = []
    var lattice: LatticeCandidates.Lattice?
    /// Per grid square: whether a lattice site may stand there (empty without a lattice).
    var allowed: [Bool] = []
    var screening = CandidateScreening()
    /// Candidates within the minimum spacing of an existing site (screened out).
    var candidatesNearExisting = 0
    /// Lattice positions (base lattice, inside the bounds) within the spacing of an existing site or in an exclusion.
    var latticeForbidden = 0

    var columnCount: Int { costs.count }

    /// Builds every column: catalogue candidates, then lattice positions, then existing sites.
    static func build(scenario: Scenario, service: ServiceSettings, grid: DemandGrid, threads: Int)
        throws(PlanningError) -> ServiceColumns
    {
        var result = ServiceColumns()
        let existingPositions = scenario.existing.map { grid.projection.project($0.location) }
        try result.addCandidates(
            scenario: scenario, service: service, grid: grid, existingPositions: existingPositions, threads: threads)
        if let settings = service.lattice {
            let lattice = try latticeOf(settings, grid: grid, scenarioFile: scenario.file)
            result.allowed = result.allowedSquares(
                lattice, grid: grid, exclusions: scenario.exclusions.map { grid.projection.project($0.geometry) },
                existingPositions: existingPositions, spacing: service.minimumSpacingMeters)
            result.addLattice(lattice, service: service, grid: grid, threads: threads)
        }
        result.addExisting(scenario.existing, positions: existingPositions, service: service, grid: grid)
        return result
    }

    /// Catalogue candidates: open, outside exclusions, farther than the spacing from every existing
    /// site; one column per type (the candidate's own `type`, else every type) and orientation
    /// whose footprint serves a demand cell.
    mutating func addCandidates(
        scenario: Scenario, service: ServiceSettings, grid: DemandGrid, existingPositions: [Coordinate], threads: Int
    ) throws(PlanningError) {
        let spacingIndex = service.minimumSpacingMeters.map { PointIndex(points: existingPositions, radius: $0) }
        let inExclusion = try CandidateScreening.insideExclusions(
            scenario.exclusions.map(\.geometry), points: scenario.candidates.map(\.location), threads: threads)
        for (index, site) in scenario.candidates.enumerated() {
            if site.status != .open {
                screening.notOpen += 1
                continue
            }
            if inExclusion[index] {
                screening.inExclusion += 1
                continue
            }
            let position = grid.projection.project(site.location)
            if let spacingIndex, spacingIndex.hasPoint(within: position) {
                candidatesNearExisting += 1
                continue
            }
            var location: Int?
            for (t, type) in service.types.enumerated() where site.serviceType == nil || site.serviceType == type.name {
                for (o, azimuths) in type.orientations.enumerated() {
                    let before = cells.count
                    ServiceFootprint(type: type, azimuths: azimuths).appendCells(at: position, grid: grid, into: &cells)
                    guard cells.count > before else { continue }
                    if location == nil {
                        location = locationX.count
                        locationX.append(position.x)
                        locationY.append(position.y)
                    }
                    append(
                        .candidate(index), type: t, orientation: o, cost: type.cost ?? site.cost, location: location!)
                }
            }
            if location == nil { screening.coversNothing += 1 }
        }
    }

    /// Existing sites: fixed columns, serving with their type's full radius (or nothing).
    mutating func addExisting(_ existing: [Site], positions: [Coordinate], service: ServiceSettings, grid: DemandGrid) {
        for (index, site) in existing.enumerated() {
            let t = site.serviceType.flatMap { service.typeIndex(named: $0) } ?? 0
            let position = positions[index]
            if site.coversDemand {
                ServiceFootprint(type: service.types[t], azimuths: nil).appendCells(
                    at: position, grid: grid, into: &cells)
            }
            let location = locationX.count
            locationX.append(position.x)
            locationY.append(position.y)
            existingColumns.append(columnCount)
            append(.existing(index), type: t, orientation: 0, cost: 0, location: location)
        }
    }

    /// Appends a column whose cells were just appended to `cells`.
    mutating func append(_ source: Source, type: Int, orientation: Int, cost: Double, location: Int) {
        sources.append(source)
        types.append(type)
        orientations.append(orientation)
        costs.append(cost)
        starts.append(cells.count)
        locationOfColumn.append(location)
    }

    /// The packing constraints: one column per location, and the minimum spacing when given.
    func packing(spacing: Double?) throws(PlanningError) -> ColumnPacking {
        do {
            if let spacing {
                return try ColumnPacking(
                    locationOfColumn: locationOfColumn, x: locationX, y: locationY, minimumSpacing: spacing)
            }
            return try ColumnPacking(locationOfColumn: locationOfColumn, locationCount: locationX.count)
        } catch {
            throw .infeasible("internal: the packing constraints are malformed: \(error)")
        }
    }
}
