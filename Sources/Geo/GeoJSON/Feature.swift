import Support

/// One GeoJSON Feature: geometry, properties in source order, optional id.
public struct Feature: Sendable {
    /// Position of the feature in its file's `features` array (0-based), for messages.
    public var index: Int
    /// The feature's `id` member, if any.
    public var id: JSONValue?
    /// The geometry; `nil` for a feature with `"geometry": null`.
    public var geometry: Geometry?
    /// The `properties` members in source order (empty for `null`); when `propertiesOffset` is
    /// set, only the members the reader was asked to build.
    public var properties: [(key: String, value: JSONValue)]
    /// Set when the reader kept the `properties` object as text (`GeoJSONReader.fastParse(building:)`):
    /// its byte offset in the file (`GeoJSONReader.Result.text`; all of them: `GeoJSONReader.properties`).
    public var propertiesOffset: Int?

    public init(
        index: Int = 0, id: JSONValue? = nil, geometry: Geometry?, properties: [(key: String, value: JSONValue)] = []
    ) {
        self.index = index
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    /// The value of property `key`, or `nil` when absent.
    public subscript(property key: String) -> JSONValue? {
        properties.last(where: { $0.key == key })?.value
    }
}

/// The features of a consecutive range of a FeatureCollection's `features` array, as a reader
/// that takes them one by one kept them (`GeoJSONReader.fastRead`).
public struct FeatureRange<State> {
    /// What the reader's `body` kept of the range's features.
    public var state: State
    /// The file index (0-based) of the range's first feature: the range numbered its features
    /// from 0, so its feature `i` is the file's `firstIndex + i`.
    public var firstIndex: Int
    /// How many features the range holds.
    public var count: Int
}
