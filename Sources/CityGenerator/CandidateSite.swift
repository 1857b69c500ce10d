import Geo
import Support

/// One candidate site of the open catalogue or a smart lamp pole, in local metres, with the
/// properties written for it (in this order: id, name, name_en, kind, owner, height_m, cost,
/// status, power, category; lamp poles have no name_en or category).
struct CandidateSite {
    var position: Coordinate
    var id: String
    var name: String
    var nameEn: String?
    var kind: String
    var owner: String
    var heightMeters: Double
    var cost: Double
    var status: String
    var power: String
    var category: String?

    /// The GeoJSON properties, in the documented order.
    var properties: [(key: String, value: JSONValue)] {
        var result: [(key: String, value: JSONValue)] = [("id", .string(id)), ("name", .string(name))]
        if let nameEn { result.append(("name_en", .string(nameEn))) }
        result.append(("kind", .string(kind)))
        result.append(("owner", .string(owner)))
        result.append(("height_m", .number(heightMeters)))
        result.append(("cost", .number(cost)))
        result.append(("status", .string(status)))
        result.append(("power", .string(power)))
        if let category { result.append(("category", .string(category))) }
        return result
    }
}

/// Draws mesh cells of the city in proportion to a weight per cell (binary search on the
/// cumulative weights).
struct CellSampler {
    private let cells: [Int]
    private let cumulative: [Double]

    /// A sampler over `cells` with `weight(cell)` ≥ 0.
    init(cells: [Int], weight: (Int) -> Double) {
        self.cells = cells
        var running = 0.0
        cumulative = cells.map {
            running += weight($0)
            return running
        }
    }

    /// A cell drawn with probability proportional to its weight.
    /// - Complexity: O(log cells).
    func draw(_ random: inout Xoshiro256StarStar) -> Int {
        let target = random.unit() * (cumulative.last ?? 0)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return cells[low]
    }
}

/// Names places by square blocks of the plane: subdistricts (街道/镇) with large blocks and
/// bare stems, communities (社区) with smaller blocks and stems with suffixes (花园, 新村 …).
/// Names are a seeded permutation of every stem–suffix pair indexed by the block's row-major
/// position, so neighbouring blocks never share a name and a name repeats only when the city has
/// more blocks than names.
struct PlaceNamer {
    private let names: [(zh: String, en: String)]
    private let blockMeters: Double
    private let originX: Double, originY: Double
    private let blocksPerRow: Int

    /// Subdistrict names for blocks of `blockMeters` over `mesh`.
    static func subdistricts(mesh: CityMesh, blockMeters: Double) -> PlaceNamer {
        PlaceNamer(mesh: mesh, blockMeters: blockMeters, stream: 61, suffixes: [("", "")])
    }

    /// Community names for blocks of `blockMeters` over `mesh`.
    static func communities(mesh: CityMesh, blockMeters: Double) -> PlaceNamer {
        PlaceNamer(
            mesh: mesh, blockMeters: blockMeters, stream: 62,
            suffixes: [
                ("", ""), ("花园", " Garden"), ("新村", " New Village"), ("苑", " Court"), ("东", " East"), ("西", " West"),
                ("南", " South"), ("北", " North"), ("新城", " New Town"), ("雅苑", " Elegant Court"), ("华庭", " Plaza"),
                ("里", " Lane"), ("坊", " Quarter"), ("湾", " Bay"), ("岗", " Ridge"), ("围", " Wei"),
            ])
    }

    private init(mesh: CityMesh, blockMeters: Double, stream: UInt64, suffixes: [(zh: String, en: String)]) {
        var random = Xoshiro256StarStar(seed: mesh.seed, stream: stream)
        names = random.shuffled(NameBook.stems.flatMap { stem in suffixes.map { (stem.zh + $0.zh, stem.en + $0.en) } })
        self.blockMeters = blockMeters
        originX = mesh.originX
        originY = mesh.originY
        blocksPerRow = Int((Double(mesh.columns) * mesh.cellMeters / blockMeters).rounded(.up)) + 1
    }

    /// The (Chinese, English) name of the block containing `p`.
    func name(at p: Coordinate) -> (zh: String, en: String) {
        let i = Int(((p.x - originX) / blockMeters).rounded(.down))
        let j = Int(((p.y - originY) / blockMeters).rounded(.down))
        let index = j * blocksPerRow + i
        return names[((index % names.count) + names.count) % names.count]
    }
}

/// Makes names unique within a scope (a district): the second building with a name becomes
/// "name（2号楼）" / "…, Building 2". The same name may recur in another district, as in real
/// cities (the catalogue's ids are unique; names need not be).
struct NameRegistry {
    private var uses: [String: Int] = [:]

    /// True when `name` was handed out before in `scope`.
    func contains(_ name: String, scope: Int = 0) -> Bool { uses["\(scope)|" + name] != nil }

    /// `name`/`nameEn`, or their numbered form when `name` was handed out before in `scope`.
    mutating func unique(_ name: String, _ nameEn: String, scope: Int = 0) -> (String, String) {
        let key = "\(scope)|" + name
        let count = (uses[key] ?? 0) + 1
        uses[key] = count
        return count == 1 ? (name, nameEn) : ("\(name)（\(count)号楼）", "\(nameEn), Building \(count)")
    }
}
