import Geo

/// Smart lamp poles (智慧灯杆) along the main roads: one every 40–60 m in the dense core, sparser
/// outside (intervals per land use from the preset), alternating sides of the road, never in
/// water or a park. Operated by 广州无线电集团, the body the action plan names for them.
struct LampPoleBuilder {
    let preset: CityPreset
    let partition: DistrictPartition
    let density: DensityField
    let locator: SiteLocator

    /// The poles in road order, ids `LP-0000001` onwards, named after their road and number.
    func build(roads: [Road]) throws -> [CandidateSite] {
        var random = Xoshiro256StarStar(seed: partition.mesh.seed, stream: 91)
        var attributes = Xoshiro256StarStar(seed: partition.mesh.seed, stream: 92)
        var perRoad: [String: Int] = [:]
        var result: [CandidateSite] = []
        let spec = preset.lampPoles
        for road in roads where road.roadClass == .main {
            var side = 1.0
            var next = random.uniform(0, spec.intervalMeters[landUse(at: road.points[0])].upperBound)
            var travelled = 0.0
            for k in 1..<road.points.count {
                let a = road.points[k - 1]
                let b = road.points[k]
                let dx = b.x - a.x
                let dy = b.y - a.y
                let length = (dx * dx + dy * dy).squareRoot()
                guard length > 0 else { continue }
                while next <= travelled + length {
                    let t = (next - travelled) / length
                    let p = Coordinate(
                        x: a.x + t * dx - side * spec.sideOffsetMeters * dy / length,
                        y: a.y + t * dy + side * spec.sideOffsetMeters * dx / length)
                    let interval = spec.intervalMeters[landUse(at: p)]
                    next += random.uniform(interval.lowerBound, interval.upperBound)
                    side = -side
                    guard try locator.isBuildable(p) else { continue }
                    let number = (perRoad[road.name] ?? 0) + 1
                    perRoad[road.name] = number
                    let power = SiteEconomics.power(directShare: 0.6, random: &attributes)
                    let urbanPole = landUse(at: p) == .denseUrban || landUse(at: p) == .urban
                    let height = SiteEconomics.roundedToTenth(
                        urbanPole ? attributes.uniform(8, 12) : attributes.uniform(6, 10))
                    let cost = SiteEconomics.cost(kind: "lamp_pole", power: power, random: &attributes)
                    let status = SiteEconomics.status(reservedShare: 0.07, unavailableShare: 0.03, random: &attributes)
                    result.append(
                        CandidateSite(
                            position: p, id: "LP-" + NameBook.padded(result.count + 1, width: 7),
                            name: "\(road.name)\(number)号灯杆", nameEn: nil, kind: "lamp_pole",
                            owner: "广州无线电集团", heightMeters: height, cost: cost, status: status,
                            power: power, category: nil))
                }
                travelled += length
            }
        }
        return result
    }

    /// The land use of the mesh cell under `p` (rural outside the city).
    private func landUse(at p: Coordinate) -> LandUse {
        guard let cell = partition.mesh.nominalCell(containing: p) else { return .rural }
        let index = partition.mesh.index(column: cell.column, row: cell.row)
        return partition.districtOfCell[index] >= 0 ? density.landUse[index] : .rural
    }
}
