/// The script of `report.html`: plain JavaScript (ES2017, no library, no network), one closure.
///
/// In order: `data` decodes the page's data (`ReportData`) into projected features and rasters;
/// `view` (ReportScript+View.swift) holds the view — centre and scale in the display plane, Web
/// Mercator metres for WGS-84 pages, planar metres otherwise — and draws on a canvas; `picking`
/// (ReportScript+Picking.swift) finds the feature under the pointer and draws the optional
/// basemap; `panel` (ReportScript+Panel.swift) makes popups, the scale bar and the pointer and
/// keyboard handling; `sidebar` (ReportScript+Sidebar.swift) builds the side panel and starts.
/// Every piece of data reaches the page as text through `textContent` or canvas `fillText`,
/// never as HTML.
enum ReportScript {
    /// The whole script.
    static var source: String {
        "(function () {\n'use strict';\n" + data + view + picking + panel + phases + sidebar + "\n})();\n"
    }

    /// Data decoding: projection, GCJ-02 offset, features, rasters and their control lattices.
    static let data = #"""
        const DATA = JSON.parse(document.getElementById('nrplan-data').textContent);
        const EARTH = 6378137;
        const PLANAR = DATA.crs === 'planar';
        const SCALE = DATA.scale;
        const FONT = getComputedStyle(document.documentElement).fontFamily;
        const DEG = Math.PI / 180;
        // Phased plans: the phase shown (index into PHASES.names); features and raster classes of
        // later phases are hidden (ReportScript+Phases.swift).
        const PHASES = DATA.phases;
        const phase = { current: PHASES ? PHASES.names.length - 1 : -1 };
        function phaseIndexOf(name) {
          return PHASES && name !== undefined && name !== null ? PHASES.names.indexOf(String(name)) : -1;
        }
        function phaseHidden(raster, value) {
          return !!(raster.phaseOfClass && raster.phaseOfClass[value - 1] > phase.current);
        }

        // ---- projection: WGS-84 degrees <-> display plane (Web Mercator metres, EPSG:3857) ----
        function project(lon, lat) {
          if (PLANAR) return [lon, lat];
          const phi = Math.max(-85.05112878, Math.min(85.05112878, lat)) * DEG;
          return [EARTH * lon * DEG, EARTH * Math.log(Math.tan(Math.PI / 4 + phi / 2))];
        }
        function unproject(x, y) {
          if (PLANAR) return [x, y];
          return [x / EARTH / DEG, (2 * Math.atan(Math.exp(y / EARTH)) - Math.PI / 2) / DEG];
        }
        // Ground metres per display unit at display y (Web Mercator stretches by 1 / cos(latitude)).
        function groundPerUnit(y) { return PLANAR ? 1 : Math.cos(unproject(0, y)[1] * DEG); }

        // GCJ-02 ("Mars coordinates") offset, for basemaps of Chinese providers that use it
        // (GB/T 20263 obfuscation as published; the same formula as Sources/Geo/CRS/GCJ02.swift).
        function gcjOffset(lon, lat) {
          const a = 6378245.0, ee = 0.00669342162296594323;
          const x = lon - 105, y = lat - 35;
          let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
          dLat += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
          dLat += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
          dLat += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
          let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
          dLon += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
          dLon += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
          dLon += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
          const rad = lat * DEG, magic = 1 - ee * Math.sin(rad) * Math.sin(rad), sq = Math.sqrt(magic);
          dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sq) * Math.PI);
          dLon = (dLon * 180) / (a / sq * Math.cos(rad) * Math.PI);
          return [dLon, dLat];
        }

        // ---- data decoding ----
        function decodeLine(arr) {
          const out = new Float64Array(arr.length);
          let x = 0, y = 0;
          for (let i = 0; i < arr.length; i += 2) {
            x += arr[i]; y += arr[i + 1];
            const p = project(x / SCALE, y / SCALE);
            out[i] = p[0]; out[i + 1] = p[1];
          }
          return out;
        }
        function growBox(box, xy) {
          for (let i = 0; i < xy.length; i += 2) {
            if (xy[i] < box[0]) box[0] = xy[i];
            if (xy[i + 1] < box[1]) box[1] = xy[i + 1];
            if (xy[i] > box[2]) box[2] = xy[i];
            if (xy[i + 1] > box[3]) box[3] = xy[i + 1];
          }
        }
        function decodeFeature(layer, f, index) {
          const feature = { layer: layer, index: index, p: f.p, box: [Infinity, Infinity, -Infinity, -Infinity] };
          if (f.g === null) { feature.empty = true; return feature; }
          if (layer.kind === 'points') {
            const p = project(f.g[0] / SCALE, f.g[1] / SCALE);
            feature.x = p[0]; feature.y = p[1];
            feature.box = [p[0], p[1], p[0], p[1]];
          } else if (layer.kind === 'lines') {
            feature.lines = f.g.map(decodeLine);
            feature.lines.forEach(function (l) { growBox(feature.box, l); });
          } else {
            feature.polygons = f.g.map(function (rings) { return rings.map(decodeLine); });
            feature.polygons.forEach(function (rings) { growBox(feature.box, rings[0] || []); });
          }
          feature.empty = !(feature.box[0] <= feature.box[2]);
          const c = layer.classBy ? f.p[layer.classBy] : undefined;
          feature.cls = c === undefined || c === null ? null : String(c);
          feature.phase = layer.phaseKey ? phaseIndexOf(f.p[layer.phaseKey]) : -1;
          const s = layer.shapeBy ? f.p[layer.shapeBy] : undefined;
          feature.shape = s === undefined || s === null ? null : String(s);
          return feature;
        }
        const layers = DATA.layers.map(function (spec) {
          const layer = Object.assign({}, spec);
          layer.on = spec.visible;
          layer.classOf = new Map(spec.classes.map(function (c) { return [c.value, c]; }));
          layer.shapeOf = new Map(spec.shapes.map(function (s) { return [s.value, s]; }));
          layer.hiddenClasses = new Set();
          layer.hiddenShapes = new Set();
          layer.features = spec.features.map(function (f, i) { return decodeFeature(layer, f, i); });
          return layer;
        });
        const layerById = new Map(layers.map(function (l) { return [l.id, l]; }));

        function decodeRaster(spec) {
          const bytes = atob(spec.rle);
          const pixels = new Uint8Array(spec.width * spec.height);
          let k = 0, token = 0, shift = 1;
          for (let i = 0; i < bytes.length; i++) {
            const b = bytes.charCodeAt(i);
            token += (b & 0x7f) * shift;
            if (b & 0x80) { shift *= 128; continue; }
            const value = token % 8, run = Math.floor(token / 8);
            if (value) pixels.fill(value, k, k + run);
            k += run; token = 0; shift = 1;
          }
          if (k !== pixels.length) throw new Error('raster ' + spec.id + ': ' + k + ' pixels decoded, expected ' + pixels.length);
          const raster = Object.assign({}, spec, { pixels: pixels, on: spec.visible, hiddenClasses: new Set() });
          raster.cells = latticeCells(spec);
          raster.counts = new Array(spec.classes.length + 1).fill(0);
          for (let i = 0; i < pixels.length; i++) raster.counts[pixels[i]]++;
          raster.canvas = document.createElement('canvas');
          raster.canvas.width = spec.width; raster.canvas.height = spec.height;
          paintRaster(raster);
          return raster;
        }
        function hexColor(hex) {
          const n = parseInt(hex.slice(1), 16);
          return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
        }
        function paintRaster(raster) {
          const ctx = raster.canvas.getContext('2d');
          const image = ctx.createImageData(raster.width, raster.height);
          const colors = raster.classes.map(function (c, k) {
            return raster.hiddenClasses.has(k + 1) || phaseHidden(raster, k + 1) ? null : hexColor(c.color);
          });
          const px = raster.pixels, data = image.data;
          for (let i = 0; i < px.length; i++) {
            const v = px[i];
            if (!v) continue;
            const c = colors[v - 1];
            if (!c) continue;
            data[4 * i] = c[0]; data[4 * i + 1] = c[1]; data[4 * i + 2] = c[2]; data[4 * i + 3] = 255;
          }
          ctx.putImageData(image, 0, 0);
        }
        // The affine maps of the lattice cells: image point (u, v) -> display (a·u + c·v + e, b·u + d·v + f),
        // fitted at each cell's centre (mean of its edges), with the cell centre for the nearest-cell search.
        function latticeCells(spec) {
          const L = spec.lattice, nx = L.columns, ny = L.rows, P = L.points;
          const du = spec.width / (nx - 1), dv = spec.height / (ny - 1);
          const cells = [];
          for (let b = 0; b + 1 < ny; b++) {
            for (let a = 0; a + 1 < nx; a++) {
              const k = 2 * (b * nx + a), k10 = k + 2, k01 = k + 2 * nx, k11 = k01 + 2;
              const eux = (P[k10] - P[k] + P[k11] - P[k01]) / (2 * du), euy = (P[k10 + 1] - P[k + 1] + P[k11 + 1] - P[k01 + 1]) / (2 * du);
              const evx = (P[k01] - P[k] + P[k11] - P[k10]) / (2 * dv), evy = (P[k01 + 1] - P[k + 1] + P[k11 + 1] - P[k10 + 1]) / (2 * dv);
              const cx = (P[k] + P[k10] + P[k01] + P[k11]) / 4, cy = (P[k + 1] + P[k10 + 1] + P[k01 + 1] + P[k11 + 1]) / 4;
              const uc = (a + 0.5) * du, vc = (b + 0.5) * dv;
              cells.push({ x: cx, y: cy, a: eux, b: euy, c: evx, d: evy, e: cx - eux * uc - evx * vc, f: cy - euy * uc - evy * vc });
            }
          }
          return cells;
        }
        function rasterAffine(r, x, y) {
          let best = r.cells[0], bestD = Infinity;
          for (const c of r.cells) {
            const d = (c.x - x) * (c.x - x) + (c.y - y) * (c.y - y);
            if (d < bestD) { bestD = d; best = c; }
          }
          return best;
        }
        function rasterPoint(A, x, y) {
          const det = A.a * A.d - A.b * A.c;
          return [(A.d * (x - A.e) - A.c * (y - A.f)) / det, (-A.b * (x - A.e) + A.a * (y - A.f)) / det];
        }
        const rasters = DATA.rasters.map(decodeRaster);
        function rasterClassAt(x, y) {
          for (const r of rasters) {
            if (!r.on) continue;
            const uv = rasterPoint(rasterAffine(r, x, y), x, y);
            const col = Math.floor(uv[0]), row = Math.floor(uv[1]);
            if (col < 0 || row < 0 || col >= r.width || row >= r.height) continue;
            const v = r.pixels[row * r.width + col];
            if (v && !r.hiddenClasses.has(v) && !phaseHidden(r, v)) return { raster: r, title: r.classes[v - 1].title };
          }
          return null;
        }
        """#
}
