import Support

/// Where a site's properties are kept: as a list (a GeoJSON feature's, a site made in code), or as
/// a row of a CSV catalogue whose cells are turned into properties only when someone reads them.
///
/// A city catalogue has 10⁵–10⁶ rows and a run writes the properties of the few thousand sites
/// it plans: building every row's list on load cost one allocation per row and one per long cell
/// (a name, an owner), most of the time a CSV load took. The row's properties are the same values
/// in the same order either way (`CSVRowSource.properties`, the one place that builds them).
enum SiteProperties: Sendable {
    case list([(key: String, value: JSONValue)])
    /// Row `record` of a range of rows read from a CSV file.
    case row(CSVRowSource, Int)

    /// The properties in input order.
    var list: [(key: String, value: JSONValue)] {
        switch self {
        case .list(let properties): properties
        case .row(let source, let record): source.properties(record)
        }
    }
}
