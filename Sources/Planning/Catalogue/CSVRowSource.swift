import Support

/// The records of one byte range of a CSV catalogue and how its columns are read: what the
/// properties of the range's rows are built from, when a site's or feature's properties are read
/// (`SiteProperties`). Immutable; shared by the sites of the range.
final class CSVRowSource: Sendable {
    let reader: CatalogueCSVReader.Rows
    let table: CSVFields

    init(reader: CatalogueCSVReader.Rows, table: CSVFields) {
        self.reader = reader
        self.table = table
    }

    /// The properties of `record`: its cells in column order without the coordinates and the
    /// cells the row leaves out (`Rows.cell`), under their canonical column names.
    func properties(_ record: Int) -> [(key: String, value: JSONValue)] {
        var properties: [(key: String, value: JSONValue)] = []
        properties.reserveCapacity(reader.roles.count)
        for k in reader.roles.indices {
            if let value = reader.cell(table, record, k) { properties.append((reader.key(k), value)) }
        }
        return properties
    }
}
