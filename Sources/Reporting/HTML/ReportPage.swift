import Geo

/// Everything `report.html` shows, independent of how it was computed: figures, tables, map
/// layers and a class raster. `solve`, `audit` and `diff` each fill one from their own output
/// layers (the features of sites.geojson, holes.geojson, … and the figures of summary.json), and
/// `ReportHTML.render` turns it into one self-contained page.
public struct ReportPage: Sendable {
    /// How map coordinates are to be read.
    public enum Frame: String, Sendable {
        /// WGS-84 longitude/latitude; the page draws them in Web Mercator (EPSG:3857), like web tiles.
        case wgs84
        /// Planar metres (x east, y north); no basemap.
        case planar
    }

    /// One figure of the summary panel.
    public struct Figure: Sendable {
        public var label: String
        public var value: String
        /// `good`, `bad` or nil: colours the value.
        public var tone: String?

        public init(_ label: String, _ value: String, tone: String? = nil) {
            self.label = label
            self.value = value
            self.tone = tone
        }
    }

    /// A titled group of figures.
    public struct FigureGroup: Sendable {
        public var title: String
        public var figures: [Figure]

        public init(_ title: String, _ figures: [Figure]) {
            self.title = title
            self.figures = figures
        }
    }

    /// A table of the side panel; a row may point at a map feature (click → the map goes there).
    public struct Table: Sendable {
        public struct Row: Sendable {
            public var cells: [String]
            /// The layer id and feature index the row is about.
            public var focus: (layer: String, feature: Int)?

            public init(_ cells: [String], focus: (layer: String, feature: Int)? = nil) {
                self.cells = cells
                self.focus = focus
            }
        }

        public var id: String
        public var title: String
        public var note: String?
        /// Column headers; `numeric` columns are right-aligned.
        public var columns: [(label: String, numeric: Bool)]
        public var rows: [Row]

        public init(
            id: String, title: String, note: String? = nil, columns: [(label: String, numeric: Bool)], rows: [Row]
        ) {
            self.id = id
            self.title = title
            self.note = note
            self.columns = columns
            self.rows = rows
        }
    }

    public var title: String
    /// One line under the title (command, scenario, version).
    public var subtitle: String
    public var frame: Frame
    /// Audit verdict (pass/fail and its text); nil for runs without targets.
    public var verdict: (passed: Bool, text: String)?
    public var figureGroups: [FigureGroup]
    public var tables: [Table]
    /// Vector layers, bottom to top.
    public var layers: [MapLayer]
    /// Raster layers drawn under every vector layer (coverage by RSRP class).
    public var rasters: [ClassRaster]
    /// Notes printed at the foot of the side panel (how the page was made, what files hold).
    public var notes: [String]
    /// The phases of a phased plan the reader steps through; nil for other pages.
    public var phases: Phases?

    /// A phased plan's steps: the phase names in order and each phase's figures. Layers with a
    /// `phaseKey` and rasters with `phaseOfClass` follow the phase the reader picks.
    public struct Phases: Sendable {
        public var names: [String]
        /// Per phase, its figures (same labels in every phase).
        public var figures: [[Figure]]
        public var note: String

        public init(names: [String], figures: [[Figure]], note: String) {
            self.names = names
            self.figures = figures
            self.note = note
        }
    }

    public init(
        title: String, subtitle: String, frame: Frame, verdict: (passed: Bool, text: String)? = nil,
        figureGroups: [FigureGroup] = [], tables: [Table] = [], layers: [MapLayer] = [], rasters: [ClassRaster] = [],
        notes: [String] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.frame = frame
        self.verdict = verdict
        self.figureGroups = figureGroups
        self.tables = tables
        self.layers = layers
        self.rasters = rasters
        self.notes = notes
    }
}

/// A vector layer of the map: features with their properties (shown on click) and a style.
public struct MapLayer: Sendable {
    public enum Kind: String, Sendable {
        case points
        case lines
        case polygons
    }

    /// A value of the class property with its colours and legend title; each can be hidden.
    public struct Class: Sendable {
        public var value: String
        public var title: String
        public var fill: String
        public var stroke: String

        public init(_ value: String, _ title: String, fill: String, stroke: String? = nil) {
            self.value = value
            self.title = title
            self.fill = fill
            self.stroke = stroke ?? fill
        }
    }

    /// A value of the shape property (points): `circle`, `triangle`, `square` or `diamond`.
    public struct Shape: Sendable {
        public var value: String
        public var title: String
        public var shape: String

        public init(_ value: String, _ title: String, shape: String) {
            self.value = value
            self.title = title
            self.shape = shape
        }
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var visible: Bool
    /// Default colours (features whose class is not listed, or layers without classes).
    public var fill: String
    public var stroke: String
    public var fillOpacity: Double
    public var strokeWidth: Double
    /// Dashed outline (e.g. shrunk holes).
    public var dashed: Bool
    /// The property whose value picks the class, and the classes in legend order.
    public var classBy: String?
    public var classes: [Class]
    /// Points: the property whose value picks the marker shape, and the shapes in legend order.
    public var shapeBy: String?
    public var shapes: [Shape]
    /// Properties joined for the hover label (e.g. `["id", "name"]`).
    public var labelKeys: [String]
    /// Polygons: a property drawn as a text label at the feature's centre (district names).
    public var textKey: String?
    /// Phased pages: the property holding a feature's phase name, and how the feature follows the
    /// phase picked: shown from its phase on (`upTo`: sites; a feature without a phase always
    /// shows) or only in its phase (`equal`: each phase's holes).
    public var phaseKey: String?
    public var phaseMode: PhaseMode = .upTo
    public var features: [Feature]

    public enum PhaseMode: String, Sendable {
        case upTo
        case equal
    }

    public init(
        id: String, title: String, kind: Kind, visible: Bool = true, fill: String = "#888888",
        stroke: String = "#444444", fillOpacity: Double = 1, strokeWidth: Double = 1, dashed: Bool = false,
        classBy: String? = nil, classes: [Class] = [], shapeBy: String? = nil, shapes: [Shape] = [],
        labelKeys: [String] = [], textKey: String? = nil, phaseKey: String? = nil, phaseMode: PhaseMode = .upTo,
        features: [Feature]
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.visible = visible
        self.fill = fill
        self.stroke = stroke
        self.fillOpacity = fillOpacity
        self.strokeWidth = strokeWidth
        self.dashed = dashed
        self.classBy = classBy
        self.classes = classes
        self.shapeBy = shapeBy
        self.shapes = shapes
        self.labelKeys = labelKeys
        self.textKey = textKey
        self.phaseKey = phaseKey
        self.phaseMode = phaseMode
        self.features = features
    }

    /// The point shapes of site kinds, as `map.svg` draws them.
    public static let siteShapes: [Shape] = [
        Shape("rooftop", "rooftop", shape: "circle"), Shape("tower", "tower", shape: "triangle"),
        Shape("lamp_pole", "lamp pole", shape: "square"), Shape("building", "building", shape: "diamond"),
    ]
}

/// A raster of classes (0 = nothing, 1… = `classes[k − 1]`) drawn under the vector layers.
///
/// Pixels are the cells of the run's grid (row 0 at the north edge), which lies in its own plane
/// (transverse Mercator); `lattice` says where that plane lands in the page's display plane: node
/// (a, b) is the display position (Web Mercator metres, or planar metres) of the image point
/// (a · width / (columns − 1), b · height / (rows − 1)). The page draws the image with the
/// affine map fitted to the lattice cell nearest the view's centre — exact cell edges when zoomed
/// in, under a pixel off at the edges of a whole-city view.
public struct ClassRaster: Sendable {
    public var id: String
    public var title: String
    public var visible: Bool
    public var width: Int
    public var height: Int
    /// `width × height` class numbers, row-major from the north-west corner.
    public var pixels: [UInt8]
    /// `columns × rows` display positions, row-major from the north-west node.
    public var lattice: (columns: Int, rows: Int, points: [Coordinate])
    /// Legend titles and colours of classes 1, 2, …
    public var classes: [(title: String, color: String)]
    /// What the raster shows and how it was made (legend note).
    public var note: String
    /// Phased pages: for each class, the phase (0-based) from which it shows, −1 always; nil for
    /// rasters that do not follow the phase.
    public var phaseOfClass: [Int]?

    public init(
        id: String, title: String, visible: Bool = true, width: Int, height: Int, pixels: [UInt8],
        lattice: (columns: Int, rows: Int, points: [Coordinate]), classes: [(title: String, color: String)],
        note: String
    ) {
        self.id = id
        self.title = title
        self.visible = visible
        self.width = width
        self.height = height
        self.pixels = pixels
        self.lattice = lattice
        self.classes = classes
        self.note = note
    }
}
