import Geo
import Planning
import Support

extension Summary {
    /// The `service` object of a service-radius solve.
    static func serviceObject(_ service: ServicePlan, plan: Plan) -> JSONValue {
        let settings = service.settings
        let byType = Dictionary(uniqueKeysWithValues: plan.network.newSitesByType.map { ($0.type, $0.count) })
        let types: [JSONValue] = settings.types.map { type in
            var members: [(key: String, value: JSONValue)] = [
                ("name", .string(type.name)), ("radius_m", number(type.radiusMeters, 6)),
                ("cost", optional(type.cost, 6)), ("sites_new", .number(Double(byType[type.name] ?? 0))),
            ]
            if let search = type.searchStepMeters { members.append(("search_step_m", number(search, 6))) }
            if let sectors = type.sectors {
                members.append(
                    (
                        "sectors",
                        .object([
                            ("count", .number(Double(sectors.count))),
                            ("half_width_deg", number(sectors.halfWidthDegrees, 6)),
                            ("edge_reach", number(sectors.edgeReach, 6)),
                            ("min_separation_deg", number(sectors.minimumSeparationDegrees, 6)),
                            ("azimuth_step_deg", number(sectors.azimuthStepDegrees, 6)),
                            ("arrangement", .string(sectors.arrangement.rawValue)),
                            ("orientations", .number(Double(sectors.orientations().count))),
                            ("azimuth_convention", .string("degrees clockwise from +y (north)")),
                        ])
                    ))
            }
            return .object(members)
        }
        var lattice: JSONValue = .null
        if let l = settings.lattice {
            lattice = .object([
                ("step_m", number(l.stepMeters, 6)), ("positions", .number(Double(service.latticePositions))),
                ("dominated", .number(Double(service.latticeDominated))),
                ("forbidden", .number(Double(service.latticeForbidden))),
                ("columns", .number(Double(service.latticeColumns))),
            ])
        }
        return .object([
            ("types", .array(types)),
            ("min_spacing_m", optional(settings.minimumSpacingMeters, 6)),
            ("lattice", lattice),
            ("columns", .number(Double(service.columns))),
            ("catalogue_columns", .number(Double(service.catalogueColumns))),
            ("locations", .number(Double(service.locations))),
            ("candidates_near_existing", .number(Double(service.candidatesNearExisting))),
            (
                "bound",
                .object([
                    ("scope", .string(service.boundScope)),
                    ("includes_spacing", .bool(service.boundIncludesSpacing)),
                    ("candidates_bound", optional(service.candidatesBound, 4)),
                    ("skipped_reduced_cost", optional(service.skippedReducedCost, 4)),
                ])
            ),
        ])
    }
}
