import Geo
import Support

/// Where a site's properties are kept: as a list (a site made in code, a feature read by the
/// general GeoJSON path), or as the text they are read from only when someone reads them — a row
/// of a CSV catalogue, the `properties` object of a GeoJSON feature.
///
/// A city catalogue has 10⁵–10⁶ rows and a run writes the properties of the few thousand sites
/// it plans: building every row's list on load cost one allocation per row and one per long cell
/// (a name, an owner), most of the time a CSV load took (and 16 % of a GeoJSON one, with malloc
/// and free a quarter). The properties are the same values in the same order either way
/// (`CSVRowSource.properties`, `GeoJSONReader.properties`: the one place each builds them).
enum SiteProperties: Sendable {
    case list([(key: String, value: JSONValue)])
    /// Row `record` of a range of rows read from a CSV file.
    case row(CSVRowSource, Int)
    /// The `properties` object at a byte offset of a GeoJSON file (`Feature.propertiesOffset`).
    case object(JSONText, Int)

    /// The properties in input order.
    var list: [(key: String, value: JSONValue)] {
        switch self {
        case .list(let properties): properties
        case .row(let source, let record): source.properties(record)
        case .object(let text, let offset): GeoJSONReader.properties(in: text, at: offset)
        }
    }
}
