/// New-build positions on a lattice (docs/scenario.md, `greenfield`): masts the operator may build
/// where the catalogue cannot reach, or reaches only at a higher cost. Positions are the centres of
/// demand cells whose grid column and row are multiples of `stepMeters / cell_m` — so they lie inside
/// the area and outside every exclusion — and more than `minDistanceMeters` from every open catalogue
/// candidate and existing site. Each becomes a candidate column (`SiteSource.greenfield`).
public struct GreenfieldSettings: Sendable, Equatable {
    /// Lattice step in metres (a whole multiple of `demand.cell_m`).
    public var stepMeters: Double
    /// Cost of one new-build site (the scenario's cost units).
    public var cost: Double
    /// The kind the sites are built as (default `tower`): it gives the default height and profile.
    public var kind: SiteKind
    /// Antenna height above ground, metres (default: the kind's).
    public var heightMeters: Double
    /// Radio profile name (default: the one the scenario maps the kind to).
    public var profileName: String
    /// Positions within this distance of an open catalogue candidate or an existing site are left out.
    public var minDistanceMeters: Double

    public init(
        stepMeters: Double, cost: Double, kind: SiteKind = .tower, heightMeters: Double? = nil,
        profileName: String? = nil, minDistanceMeters: Double = 0
    ) {
        self.stepMeters = stepMeters
        self.cost = cost
        self.kind = kind
        self.heightMeters = heightMeters ?? kind.defaultHeightMeters
        self.profileName = profileName ?? kind.defaultProfileName
        self.minDistanceMeters = minDistanceMeters
    }
}
