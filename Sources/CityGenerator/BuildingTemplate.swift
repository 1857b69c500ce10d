/// The kinds of public building in the open catalogue (《公共资源开放目录》): how each is named
/// and owned, how tall it is and how common it is in urban and rural land.
enum BuildingTemplate: Int, CaseIterable {
    case primarySchool, middleSchool, kindergarten, peoplesHospital, healthCentre, government,
        subdistrictOffice, library, communityCentre, policeStation, fireStation, stadium

    /// Who names and owns a building: its district and subdistrict, and its ordinal among the
    /// district's buildings of the same template (1-based).
    struct Context {
        let district: (zh: String, en: String)
        let subdistrict: (zh: String, en: String)
        /// The community (社区) stem: a smaller block than the subdistrict.
        let community: (zh: String, en: String)
        let ordinal: Int
        let rural: Bool
    }

    /// The `category` property.
    var category: String {
        switch self {
        case .primarySchool, .middleSchool, .kindergarten: return "school"
        case .peoplesHospital, .healthCentre: return "hospital"
        case .government, .subdistrictOffice: return "government"
        case .library: return "library"
        case .communityCentre: return "community_centre"
        case .policeStation: return "police"
        case .fireStation: return "fire_station"
        case .stadium: return "stadium"
        }
    }

    /// Relative frequency in urban (dense, urban, industrial) and in suburban/rural land.
    var weight: (urban: Double, rural: Double) {
        switch self {
        case .primarySchool: return (14, 16)
        case .middleSchool: return (10, 8)
        case .kindergarten: return (8, 8)
        case .peoplesHospital: return (3, 1.5)
        case .healthCentre: return (6, 6)
        case .government: return (5, 3)
        case .subdistrictOffice: return (6, 5)
        case .library: return (4, 2)
        case .communityCentre: return (18, 22)
        case .policeStation: return (6, 5)
        case .fireStation: return (3, 3)
        case .stadium: return (2, 1)
        }
    }

    /// Typical height of the building in metres before the land-use factor.
    func heightRangeMeters(ordinal: Int) -> ClosedRange<Double> {
        switch self {
        case .primarySchool: return 12...20
        case .middleSchool: return 15...24
        case .kindergarten: return 8...14
        case .peoplesHospital: return 30...80
        case .healthCentre: return 12...24
        case .government: return ordinal == 1 ? 40...70 : 20...50
        case .subdistrictOffice: return 18...40
        case .library: return 12...30
        case .communityCentre: return 9...20
        case .policeStation: return ordinal == 1 ? 30...60 : 15...30
        case .fireStation: return 12...24
        case .stadium: return 20...45
        }
    }

    /// Share of buildings on direct supply (直供电); the rest are on transfer supply.
    var directPowerShare: Double {
        switch self {
        case .peoplesHospital, .policeStation, .fireStation, .government: return 0.8
        default: return 0.55
        }
    }

    /// Chinese name, English name and owning body.
    func identity(_ c: Context) -> (name: String, nameEn: String, owner: String) {
        let d = c.district
        let s = c.subdistrict
        let m = c.community
        let n = c.ordinal
        let number = NameBook.chineseNumeral(min(n, 999))
        // Districts number their first schools and hospitals; later ones are named after their
        // community, as real ones are.
        let numbered = n <= BuildingTemplate.numberedLimit
        switch self {
        case .primarySchool:
            return numbered
                ? ("\(d.zh)第\(number)小学", "\(d.en) No. \(n) Primary School", "\(d.zh)教育局")
                : ("\(m.zh)小学", "\(m.en) Primary School", "\(d.zh)教育局")
        case .middleSchool:
            return numbered
                ? ("\(d.zh)第\(number)中学", "\(d.en) No. \(n) Middle School", "\(d.zh)教育局")
                : ("\(m.zh)中学", "\(m.en) Middle School", "\(d.zh)教育局")
        case .kindergarten:
            return ("\(m.zh)幼儿园", "\(m.en) Kindergarten", "\(d.zh)教育局")
        case .peoplesHospital:
            if n == 1 { return ("\(d.zh)人民医院", "\(d.en) People's Hospital", "\(d.zh)卫生健康局") }
            return numbered
                ? ("\(d.zh)第\(number)人民医院", "\(d.en) No. \(n) People's Hospital", "\(d.zh)卫生健康局")
                : ("\(m.zh)医院", "\(m.en) Hospital", "\(d.zh)卫生健康局")
        case .healthCentre:
            return ("\(m.zh)社区卫生服务中心", "\(m.en) Community Health Centre", "\(d.zh)卫生健康局")
        case .government:
            if n == 1 { return ("\(d.zh)人民政府", "\(d.en) People's Government", "\(d.zh)机关事务管理局") }
            let bureau = BuildingTemplate.bureaus[(n - 2) % BuildingTemplate.bureaus.count]
            if n - 2 < BuildingTemplate.bureaus.count {
                return ("\(d.zh)\(bureau.zh)", "\(d.en) \(bureau.en)", "\(d.zh)机关事务管理局")
            }
            return ("\(d.zh)\(bureau.zh)\(s.zh)办公区", "\(d.en) \(bureau.en), \(s.en) Office", "\(d.zh)机关事务管理局")
        case .subdistrictOffice:
            return c.rural
                ? ("\(s.zh)镇人民政府", "\(s.en) Town Government", "\(d.zh)人民政府")
                : ("\(s.zh)街道办事处", "\(s.en) Subdistrict Office", "\(d.zh)人民政府")
        case .library:
            return n == 1
                ? ("\(d.zh)图书馆", "\(d.en) Library", "\(d.zh)文化广电旅游体育局")
                : ("\(s.zh)图书分馆", "\(s.en) Branch Library", "\(d.zh)文化广电旅游体育局")
        case .communityCentre:
            return c.rural
                ? ("\(m.zh)村党群服务中心", "\(m.en) Village Service Centre", "\(s.zh)镇人民政府")
                : ("\(m.zh)社区党群服务中心", "\(m.en) Community Service Centre", "\(s.zh)街道办事处")
        case .policeStation:
            return n == 1
                ? ("\(d.zh)公安分局", "\(d.en) Public Security Sub-bureau", "市公安局")
                : ("\(s.zh)派出所", "\(s.en) Police Station", "\(d.zh)公安分局")
        case .fireStation:
            return ("\(s.zh)消防救援站", "\(s.en) Fire and Rescue Station", "\(d.zh)消防救援大队")
        case .stadium:
            return n == 1
                ? ("\(d.zh)体育中心", "\(d.en) Sports Centre", "\(d.zh)文化广电旅游体育局")
                : ("\(s.zh)体育馆", "\(s.en) Gymnasium", "\(d.zh)文化广电旅游体育局")
        }
    }

    /// A smaller unit of the same body, used when the primary name is already taken in the
    /// catalogue (a subdistrict has one 街道办事处 but many 社区居委会), or `nil`.
    func alternative(_ c: Context) -> (name: String, nameEn: String, owner: String)? {
        let d = c.district
        let s = c.subdistrict
        let m = c.community
        switch self {
        case .subdistrictOffice:
            return c.rural
                ? ("\(m.zh)村民委员会", "\(m.en) Village Committee", "\(s.zh)镇人民政府")
                : ("\(m.zh)社区居民委员会", "\(m.en) Residents' Committee", "\(s.zh)街道办事处")
        case .policeStation:
            return ("\(s.zh)派出所\(m.zh)警务室", "\(s.en) Police Station, \(m.en) Police Office", "\(d.zh)公安分局")
        case .fireStation:
            return ("\(m.zh)小型消防站", "\(m.en) Mini Fire Station", "\(d.zh)消防救援大队")
        case .library:
            return ("\(m.zh)社区图书室", "\(m.en) Community Reading Room", "\(d.zh)文化广电旅游体育局")
        case .stadium:
            return ("\(m.zh)全民健身中心", "\(m.en) Fitness Centre", "\(d.zh)文化广电旅游体育局")
        case .communityCentre:
            return ("\(m.zh)社区文化活动中心", "\(m.en) Community Cultural Centre", c.rural ? "\(s.zh)镇人民政府" : "\(s.zh)街道办事处")
        case .kindergarten:
            return ("\(m.zh)实验幼儿园", "\(m.en) Experimental Kindergarten", "\(d.zh)教育局")
        case .healthCentre:
            return ("\(m.zh)社区卫生服务站", "\(m.en) Community Health Station", "\(d.zh)卫生健康局")
        default:
            return nil
        }
    }

    /// The highest ordinal written as 第N (No. N) in a name.
    static let numberedLimit = 40

    /// District bureaus with offices of their own.
    static let bureaus: [(zh: String, en: String)] = [
        ("人力资源和社会保障局", "Human Resources and Social Security Bureau"), ("市场监督管理局", "Market Regulation Bureau"),
        ("税务局", "Taxation Bureau"), ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
        ("民政局", "Civil Affairs Bureau"), ("司法局", "Justice Bureau"), ("水务局", "Water Affairs Bureau"),
        ("政务服务中心", "Government Service Centre"), ("应急管理局", "Emergency Management Bureau"),
        ("城市管理和综合执法局", "Urban Management Bureau"), ("统计局", "Statistics Bureau"), ("档案馆", "Archives"),
    ]
}

/// Telecom-suitable tall structures of the catalogue (`kind` = `tower`).
enum TowerTemplate: Int, CaseIterable {
    case powerPylon, waterTower, broadcastTower, lookoutTower

    /// The `category` property.
    var category: String {
        switch self {
        case .powerPylon: return "power_pylon"
        case .waterTower: return "water_tower"
        case .broadcastTower: return "broadcast_tower"
        case .lookoutTower: return "lookout_tower"
        }
    }

    /// Relative frequency per land use.
    func weight(_ use: LandUse) -> Double {
        switch (self, use) {
        case (.powerPylon, .denseUrban): return 0.1
        case (.powerPylon, .urban): return 0.4
        case (.powerPylon, .industrial): return 1.5
        case (.powerPylon, _): return 1
        case (.waterTower, .rural): return 0.4
        case (.waterTower, .denseUrban): return 0.2
        case (.waterTower, _): return 0.6
        case (.broadcastTower, _): return 0.12
        case (.lookoutTower, .rural): return 1.2
        case (.lookoutTower, .suburban): return 0.2
        case (.lookoutTower, _): return 0
        }
    }

    var heightRangeMeters: ClosedRange<Double> {
        switch self {
        case .powerPylon: return 30...55
        case .waterTower: return 25...40
        case .broadcastTower: return 60...120
        case .lookoutTower: return 18...30
        }
    }

    var directPowerShare: Double { self == .powerPylon ? 0.95 : 0.6 }

    /// Chinese name, English name and owning body.
    func identity(_ c: BuildingTemplate.Context) -> (name: String, nameEn: String, owner: String) {
        let d = c.district
        let s = c.subdistrict
        let n = c.ordinal
        switch self {
        case .powerPylon:
            return ("\(s.zh)110千伏线路\(n)号塔", "\(s.en) 110 kV Line Pylon No. \(n)", "广州供电局")
        case .waterTower:
            return ("\(s.zh)供水加压站水塔", "\(s.en) Booster Station Water Tower", "\(d.zh)水务局")
        case .broadcastTower:
            return n == 1
                ? ("\(d.zh)广播电视发射塔", "\(d.en) Broadcast Tower", "\(d.zh)融媒体中心")
                : ("\(s.zh)广播电视转播塔", "\(s.en) Relay Tower", "\(d.zh)融媒体中心")
        case .lookoutTower:
            return ("\(s.zh)森林防火瞭望塔", "\(s.en) Forest Fire Lookout Tower", "\(d.zh)林业和园林局")
        }
    }
}
