import Geo
import Support

/// A candidate or existing base-station site as read from the inputs, with everything the
/// pipeline needs and every original property kept for the outputs.
public struct Site: Sendable {
    // Stored properties are declared so that the one-byte ones fill the padding after an enum's
    // tag byte: a city catalogue holds 10⁵–10⁶ sites, and every byte of a `Site` is written,
    // moved and paged in that many times on load.

    /// The catalogue's own id (string form of the `id` property or feature id), unique per run.
    public var id: String
    /// Display name, if the catalogue has one.
    public var name: String?
    /// Name of the radio profile this site uses.
    public var profileName: String
    /// Position in WGS-84 degrees (converted on load when the input declared another CRS).
    public var location: Coordinate
    /// Antenna height above ground (metres): the catalogue's `height_m`, else the kind default.
    public var heightMeters: Double
    /// Cost of building here (0 for existing sites).
    public var cost: Double
    /// Where the site came from (file as named in the scenario, feature index / CSV line).
    public var sourceFile: String
    /// Where `properties` come from.
    var storedProperties: SiteProperties
    public var kind: SiteKind
    public var status: SiteStatus
    /// Whether an existing site serves demand (false: it only constrains the spacing of new sites,
    /// as in MathorCup 2022 D where the weak points are by definition not served by built sites).
    public var coversDemand = true
    /// Where the site comes from: the `source` of the outputs (`SiteSource`).
    public var source = SiteSource.catalogue
    /// The properties the input left out and the defaults that stood in for them.
    public var defaulted: SiteDefaults = []
    /// Where in its file the site was read, kept as a number for the sites of a file (a city
    /// catalogue has 10⁵–10⁶; the text `sourceLocation` is made only when a message names one).
    var record: SourceRecord
    /// `serviceType`, `azimuthsDegrees` and `featureID`, boxed: nil for the sites of a radio job's
    /// catalogue (CSV rows, GeoJSON features without an `id` member), and three optionals (32
    /// bytes) make every `Site` of a city catalogue larger than one reference does.
    var extras: SiteExtras?

    /// The input's properties in their original order, carried through to the outputs untouched.
    /// A CSV catalogue's sites build theirs from the file's rows when asked (`SiteProperties`).
    public var properties: [(key: String, value: JSONValue)] {
        get { storedProperties.list }
        set { storedProperties = .list(newValue) }
    }
    /// The input feature's own `id` member (RFC 7946 §3.2), as given; written back as the output
    /// feature's `id` so a GIS joins the outputs to the catalogue on it. Nil for CSV rows.
    public var featureID: JSONValue? {
        get { extras?.featureID }
        set {
            extras = SiteExtras.make(serviceType: serviceType, azimuthsDegrees: azimuthsDegrees, featureID: newValue)
        }
    }
    /// Service-radius jobs: the site type (a `service.types` name) of a chosen or existing site;
    /// for a candidate, the `type` property restricting it to one type (nil: any type).
    public var serviceType: String? {
        get { extras?.serviceType }
        set { extras = SiteExtras.make(serviceType: newValue, azimuthsDegrees: azimuthsDegrees, featureID: featureID) }
    }
    /// Sectorised service types: the main directions in degrees, clockwise from +y (north).
    public var azimuthsDegrees: [Double]? {
        get { extras?.azimuthsDegrees }
        set { extras = SiteExtras.make(serviceType: serviceType, azimuthsDegrees: newValue, featureID: featureID) }
    }
    /// Where in its file the site was read: `line N` (CSV), `feature N` (GeoJSON), or as set.
    public var sourceLocation: String {
        get { record.text }
        set { record = .text(newValue) }
    }

    public init(
        id: String, name: String?, kind: SiteKind, heightMeters: Double, cost: Double, status: SiteStatus,
        profileName: String, location: Coordinate, properties: [(key: String, value: JSONValue)],
        sourceFile: String, sourceLocation: String
    ) {
        self.init(
            read: id, name: name, kind: kind, heightMeters: heightMeters, cost: cost, status: status,
            profileName: profileName, location: location, properties: .list(properties), sourceFile: sourceFile,
            record: .text(sourceLocation), serviceType: nil, source: .catalogue, defaulted: [], featureID: nil)
    }
}

extension Site {
    /// Every stored property given at once: a site read from an input file (`SiteReader.site`),
    /// and the public `init` (a site made in code) with its defaults. The value is built where it
    /// is returned. Made with `init` and then set member by member,
    /// the whole site (a dozen references) was copied and the original destroyed per row, 6 % of
    /// a city CSV catalogue's load.
    init(
        read id: String, name: String?, kind: SiteKind, heightMeters: Double, cost: Double, status: SiteStatus,
        profileName: String, location: Coordinate, properties: SiteProperties, sourceFile: String,
        record: SourceRecord, serviceType: String?, source: SiteSource, defaulted: SiteDefaults,
        featureID: JSONValue?
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.heightMeters = heightMeters
        self.cost = cost
        self.status = status
        self.profileName = profileName
        self.location = location
        self.storedProperties = properties
        self.sourceFile = sourceFile
        self.record = record
        self.source = source
        self.defaulted = defaulted
        self.extras = SiteExtras.make(serviceType: serviceType, azimuthsDegrees: nil, featureID: featureID)
    }
}

/// The members of a `Site` that few sites have (immutable, shared by copies of the site; a change
/// makes a new one).
final class SiteExtras: Sendable {
    let serviceType: String?
    let azimuthsDegrees: [Double]?
    let featureID: JSONValue?

    private init(serviceType: String?, azimuthsDegrees: [Double]?, featureID: JSONValue?) {
        (self.serviceType, self.azimuthsDegrees, self.featureID) = (serviceType, azimuthsDegrees, featureID)
    }

    /// The box of these members, or nil when none is set.
    static func make(serviceType: String?, azimuthsDegrees: [Double]?, featureID: JSONValue?) -> SiteExtras? {
        if serviceType == nil && azimuthsDegrees == nil && featureID == nil { return nil }
        return SiteExtras(serviceType: serviceType, azimuthsDegrees: azimuthsDegrees, featureID: featureID)
    }
}

/// Where in its file a site (or any input record) was read: how a message names it.
enum SourceRecord: Sendable {
    /// A CSV record: `line N` (1-based).
    case line(Int)
    /// A GeoJSON feature: `feature N` (0-based index in the `features` array).
    case feature(Int)
    /// Any other place, as written (a lattice square, a site made in code).
    case text(String)

    /// How messages and outputs name the place.
    var text: String {
        switch self {
        case .line(let line): "line " + String(line)
        case .feature(let index): "feature " + String(index)
        case .text(let text): text
        }
    }
}

/// One polygon of the planning area (a district), reported on separately.
public struct District: Sendable {
    public var name: String
    /// Polygon or MultiPolygon in WGS-84 degrees (repaired when the input was invalid).
    public var geometry: Geometry
    public var properties: [(key: String, value: JSONValue)]
}

/// A zone where no demand is counted and no site may be chosen (park, water, forest land).
public struct Exclusion: Sendable {
    public var name: String?
    public var geometry: Geometry
}
