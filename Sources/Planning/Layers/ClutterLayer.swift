import Geo
import Radio

/// Land-use (clutter) polygons that choose the propagation scenario and the building penetration
/// per demand cell (docs/scenario.md, `demand.clutter`).
///
/// Each class maps a land-use value (`dense_urban`, `rural`, `water`, …) to replacements of the
/// radio profile's path-loss scenario, LOS condition and indoor penetration; what a class leaves
/// out stays as the profile has it. A cell in no polygon, or in a polygon whose value has no
/// class, keeps the profile's model. Coverage of a cell is evaluated with the link budget of its
/// class (`CoverageEvaluator(profile:siteHeightMeters:penetration:pathLossModel:)`).
public struct ClutterLayer: Sendable {
    public var file: String
    /// The property holding the land-use value, e.g. `landuse`.
    public var property: String
    /// The classes, in the order the scenario lists them; a polygon refers to one by index.
    public var classes: [ClutterClass]
    /// The polygons (WGS-84 degrees) with the index of their class in `classes`.
    public var areas: [ClutterArea]

    public init(file: String, property: String, classes: [ClutterClass], areas: [ClutterArea]) {
        self.file = file
        self.property = property
        self.classes = classes
        self.areas = areas
    }
}

/// One polygon of a clutter layer.
public struct ClutterArea: Sendable {
    public var geometry: Geometry
    /// Index into `ClutterLayer.classes`.
    public var classIndex: Int

    public init(geometry: Geometry, classIndex: Int) {
        self.geometry = geometry
        self.classIndex = classIndex
    }
}

/// What a land-use class changes in every radio profile.
public struct ClutterClass: Sendable, Hashable {
    /// The land-use value, e.g. `rural`.
    public var name: String
    /// Replacement path-loss scenario (TR 38.901 RMa/UMa/UMi, COST-231 Hata, free space), or nil to keep the profile's.
    public var scenario: PropagationScenario?
    /// Replacement LOS condition, or nil to keep the profile's.
    public var condition: LOSCondition?
    /// Replacement building penetration (TR 38.901 §7.4.3), or nil to keep the profile's.
    public var penetration: BuildingPenetration?
    /// Coarser prediction for this land use (`cell_m` of the class; a whole multiple of the demand
    /// grid's `cell_m`): coverage and interference of its cells are predicted once per square of
    /// this side — at the centre of the grid-aligned block of demand cells holding the cell — and
    /// every cell of the class in the block takes that prediction. Demand, holes and areas stay on
    /// the demand grid. Nil: each cell is predicted at its own centre.
    public var predictionCellMeters: Double?
    /// Added to the path loss of every profile in this class (a clutter offset fitted by
    /// `nrplan calibrate --clutter-column`), dB; 0 for none.
    public var pathLossOffsetDB: Double = 0

    public init(
        name: String, scenario: PropagationScenario? = nil, condition: LOSCondition? = nil,
        penetration: BuildingPenetration? = nil,
        predictionCellMeters: Double? = nil
    ) {
        self.name = name
        self.scenario = scenario
        self.condition = condition
        self.penetration = penetration
        self.predictionCellMeters = predictionCellMeters
    }

    /// The profile's path-loss model with this class's replacements (and offset), or nil when it keeps it.
    public func pathLossModel(for profile: RadioProfile) -> PathLossModel? {
        guard scenario != nil || condition != nil || pathLossOffsetDB != 0 else { return nil }
        var model = profile.pathLossModel
        if let scenario { model.scenario = scenario }
        if let condition { model.condition = condition }
        model.correction.offsetDB += pathLossOffsetDB
        return model
    }

    /// The link budget of `profile` at `siteHeightMeters` for cells of this class.
    public func evaluator(profile: RadioProfile, siteHeightMeters: Double) -> CoverageEvaluator {
        CoverageEvaluator(
            profile: profile, siteHeightMeters: siteHeightMeters, penetration: penetration,
            pathLossModel: pathLossModel(for: profile))
    }
}
