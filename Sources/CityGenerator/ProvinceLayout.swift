import Geo

/// Several synthetic cities side by side in one planning job: the test bed of tiled runs (issue 16,
/// `make bench-province`). Each city is the template preset (`demo`) scaled, renamed and given its own seed,
/// placed in a slot of a grid of `columns` × `rows` slots around the template's centre, slots wide enough
/// that neighbouring cities keep a gap of land without demand between them (no two districts overlap).
///
/// Deterministic: the layout is a pure function of the template, the number of cities and the seed.
public struct ProvinceLayout {
    /// One city of the province.
    public struct City {
        /// The city's (Chinese, English) name, the stem of its district names.
        let name: (zh: String, en: String)
        let preset: CityPreset
        public let seed: UInt64
        /// Prepended to the city's site ids (`C03-GZPR-000001`) so ids stay unique across cities.
        let idPrefix: String
        /// Offset of the city's centre from the province's centre, metres (x east, y north).
        let offsetX: Double
        let offsetY: Double
    }

    public let template: CityPreset
    let seed: UInt64
    public let cities: [City]
    public let columns: Int
    public let rows: Int

    /// The city names (synthetic stems, none of them a real city of Guangdong), in slot order.
    static let stems: [(zh: String, en: String)] = [
        ("明川", "Mingchuan"), ("青岚", "Qinglan"), ("枫林", "Fenglin"), ("鹿鸣", "Luming"), ("石湖", "Shihu"),
        ("云溪", "Yunxi"), ("桂川", "Guichuan"), ("竹岭", "Zhuling"), ("银滩", "Yintan"), ("秀峰", "Xiufeng"),
        ("白鹭", "Bailu"), ("丹霞", "Danxia"),
    ]
    /// Linear scale of each city relative to the template (areas scale with the square), cycled:
    /// cities of 0.64 to 1.44 times the demo's 120 km².
    static let scales: [Double] = [1.0, 1.15, 0.8, 1.1, 0.9, 1.2, 0.85, 1.05, 0.95, 1.15, 0.8, 1.0]
    /// The template's stem, replaced by each city's in district, zone, river and park names.
    static let templateStem = (zh: "示范", en: "Shifan")
    /// Land without demand between two neighbouring cities' meshes, metres.
    public static let gapMeters = 3_000.0

    /// The layout of `count` (1…99) cities made from `template`.
    public init(template: CityPreset, cities count: Int, seed: UInt64) {
        self.template = template
        self.seed = seed
        let columns = max(1, Int(Double(count).squareRoot().rounded(.up)))
        let rows = max(1, (count + columns - 1) / columns)
        let largest = (0..<count).map { Self.scales[$0 % Self.scales.count] }.max() ?? 1
        let pitchX = 2 * template.meshHalfWidthMeters * largest + Self.gapMeters
        let pitchY = 2 * template.meshHalfHeightMeters * largest + Self.gapMeters
        let plane = LocalProjection(
            centralMeridianDegrees: template.centreLongitude, originLatitudeDegrees: template.centreLatitude)
        var cities: [City] = []
        for k in 0..<count {
            let column = k % columns
            let row = k / columns
            let x = (Double(column) - Double(columns - 1) / 2) * pitchX
            let y = (Double(rows - 1) / 2 - Double(row)) * pitchY
            let centre = plane.unproject(Coordinate(x: x, y: y))
            let stem = Self.stems[k % Self.stems.count]
            let round = k / Self.stems.count
            let name: (zh: String, en: String) =
                round == 0 ? stem : (stem.zh + "\(round + 1)", stem.en + " \(round + 1)")
            let number = NameBook.padded(k + 1, width: 2)
            let preset = template.derived(
                name: "\(template.name)-\(number)", scenarioName: "\(name.en) (synthetic)",
                layeredScenarioName: "\(name.en), population-weighted (synthetic)", longitude: centre.x,
                latitude: centre.y, scale: Self.scales[k % Self.scales.count], renaming: Self.templateStem, to: name,
                codePrefix: "98" + number)
            cities.append(
                City(
                    name: name, preset: preset, seed: seed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15,
                    idPrefix: "C\(number)-",
                    offsetX: x, offsetY: y))
        }
        self.cities = cities
        self.columns = columns
        self.rows = rows
    }
}
