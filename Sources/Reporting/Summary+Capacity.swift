import Optimizer
import Planning
import Support

extension Summary {
    /// The `capacity` object of a solve with a scenario `capacity` section (docs/outputs.md).
    static func capacityObject(_ capacity: CapacityPlan, plan: Plan) -> JSONValue {
        let settings = capacity.settings
        let network = plan.network
        let overloaded = capacity.overloaded.filter { $0 }.count
        var percentiles: Members = []
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("max", 1.0)] {
            percentiles.append((name, optional(capacity.utilisationPercentile(q))))
        }
        let profiles = Set(plan.radio?.placements.map(\.profile.name) ?? []).sorted()
        let perProfile: Members = profiles.compactMap { name in
            guard let profile = plan.radio?.placements.first(where: { $0.profile.name == name })?.profile else {
                return nil
            }
            return (
                name,
                .object([
                    ("sectors", .number(Double(SiteCapacity.sectors(profile)))),
                    ("occupied_bandwidth_mhz", number(SiteCapacity.occupiedBandwidthMHz(profile))),
                    ("sector_peak_mbps", number(SiteCapacity.sectorPeakMbps(profile, settings: settings))),
                    ("site_capacity_mbps", number(SiteCapacity.mbps(profile, settings: settings))),
                ])
            )
        }
        let districts: [JSONValue] = capacity.districts.map { d in
            .object([
                ("name", .string(d.name)), ("traffic_mbps", number(d.trafficMbps)),
                ("sites_for_coverage", .number(Double(d.coverageSites))),
                ("sites_for_capacity", .number(Double(d.capacitySites))), ("limited_by", .string(d.limitedBy)),
            ])
        }
        let addedCost = network.sites.suffix(capacity.addedCount).reduce(0) { $0 + $1.cost }
        return .object([
            ("assignment", .string(settings.assignment.rawValue)),
            ("sinr_db", number(settings.sinrDB)),
            (
                "spectral_efficiency_bps_per_hz",
                number(settings.spectralEfficiency.bitsPerSecondPerHertz(sinrDB: settings.sinrDB))
            ),
            ("mimo_layers", number(settings.mimoLayers)),
            ("tdd_downlink_share", number(settings.downlinkShare)),
            ("load_target", number(settings.loadTarget)),
            ("profiles", .object(perProfile)),
            ("traffic_mbps", number(capacity.totalTrafficMbps)),
            ("unserved_traffic_mbps", number(capacity.unservedMbps)),
            ("sites_over_capacity", .number(Double(overloaded))),
            ("utilisation", .object(percentiles)),
            (
                "coverage_only",
                .object([
                    ("sites_new", .number(Double(capacity.coverageOnlyNewSites))),
                    ("cost", number(capacity.coverageOnlyCost)),
                    ("sites_over_capacity", .number(Double(capacity.coverageOnlyOverloaded))),
                ])
            ),
            ("sites_added_for_capacity", .number(Double(capacity.addedCount))),
            ("cost_added_for_capacity", number(addedCost)),
            ("added_cost_lower_bound", optional(capacity.addedCostLowerBound)),
            ("added_cost_gap", optional(capacity.gap)),
            (
                "solver",
                .object([
                    ("seconds", number(capacity.solverSeconds, 3)),
                    ("stopped_by_time_limit", .bool(capacity.stoppedByTimeLimit)),
                    ("initial_cost", optional(capacity.statistics.initialCost)),
                    ("restricted_lower_bound", optional(capacity.restrictedLowerBound)),
                    ("subgradient_iterations", .number(Double(capacity.statistics.subgradientIterations))),
                    ("open_sets_evaluated", .number(Double(capacity.statistics.openSetsEvaluated))),
                    ("local_search_moves", .number(Double(capacity.statistics.localSearchMoves))),
                    ("customers", .number(Double(capacity.instanceCustomers))),
                    ("facilities", .number(Double(capacity.instanceFacilities))),
                    ("entries", .number(Double(capacity.instanceEntries))),
                ])
            ),
            ("districts", .array(districts)),
        ])
    }

    /// The `capacity` object of an audit whose scenario has a `capacity` section: the built
    /// network's busy-hour load per best server against each site's capacity.
    static func auditCapacityObject(_ loads: SiteLoads, sites: [Site]) -> JSONValue {
        let utilisation = loads.utilisation
        var percentiles: Members = []
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("max", 1.0)] {
            percentiles.append((name, optional(loads.utilisationPercentile(q))))
        }
        let overloaded: [JSONValue] = loads.overloaded.map { k in
            .object([
                ("id", .string(sites[k].id)), ("load_mbps", number(loads.loadMbps[k])),
                ("capacity_mbps", number(loads.capacityMbps[k])), ("utilisation", number(utilisation[k])),
            ])
        }
        return .object([
            ("assignment", .string("best_server")),
            ("traffic_mbps", number(loads.totalTrafficMbps)),
            ("unserved_traffic_mbps", number(loads.unservedMbps)),
            ("sites_over_capacity", .number(Double(overloaded.count))),
            ("utilisation", .object(percentiles)),
            ("overloaded_sites", .array(overloaded)),
        ])
    }
}
