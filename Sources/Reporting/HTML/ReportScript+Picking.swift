extension ReportScript {
    /// Hit testing (markers, then lines, then areas, topmost layer first) and the optional XYZ
    /// basemap, shifted for GCJ-02 tiles.
    static let picking = #"""
        // ---- hit testing: points, then lines, then areas, topmost layer first ----
        function insideRings(rings, x, y) {
          let inside = false;
          for (const r of rings) {
            for (let i = 0, n = r.length, j = n - 2; i < n; j = i, i += 2) {
              if ((r[i + 1] > y) !== (r[j + 1] > y) && x < (r[j] - r[i]) * (y - r[i + 1]) / (r[j + 1] - r[i + 1]) + r[i]) inside = !inside;
            }
          }
          return inside;
        }
        function segmentDistance(px, py, xy) {
          let best = Infinity;
          for (let i = 2; i < xy.length; i += 2) {
            const ax = xy[i - 2], ay = xy[i - 1], bx = xy[i], by = xy[i + 1];
            const dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
            const t = len > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
            const ex = ax + t * dx - px, ey = ay + t * dy - py;
            best = Math.min(best, Math.sqrt(ex * ex + ey * ey));
          }
          return best;
        }
        function hitTest(sx, sy) {
          const w = toWorld(sx, sy), x = w[0], y = w[1];
          const reach = (markerRadius() + 4) / view.s;
          for (let li = layers.length - 1; li >= 0; li--) {
            const l = layers[li];
            if (l.kind !== 'points' || !l.on) continue;
            let best = null, bestD = reach;
            for (const f of l.features) {
              if (!visible(f)) continue;
              const d = Math.hypot(f.x - x, f.y - y);
              if (d <= bestD) { best = f; bestD = d; }
            }
            if (best) return best;
          }
          for (let li = layers.length - 1; li >= 0; li--) {
            const l = layers[li];
            if (l.kind !== 'lines' || !l.on) continue;
            const tol = 5 / view.s;
            for (const f of l.features) {
              if (!visible(f) || x < f.box[0] - tol || x > f.box[2] + tol || y < f.box[1] - tol || y > f.box[3] + tol) continue;
              if (f.lines.some(function (line) { return segmentDistance(x, y, line) <= tol; })) return f;
            }
          }
          for (let li = layers.length - 1; li >= 0; li--) {
            const l = layers[li];
            if (l.kind !== 'polygons' || !l.on) continue;
            for (const f of l.features) {
              if (!visible(f) || x < f.box[0] || x > f.box[2] || y < f.box[1] || y > f.box[3]) continue;
              if (f.polygons.some(function (rings) { return insideRings(rings, x, y); })) return f;
            }
          }
          return null;
        }

        // ---- basemap: XYZ tiles from a URL template, off by default ----
        const basemap = { on: false, template: '', gcj: false, tiles: new Map() };
        function tileURL(z, x, y) {
          return basemap.template.replace('{z}', z).replace('{x}', x).replace('{-y}', (1 << z) - 1 - y)
            .replace('{y}', y).replace('{s}', 'abc'[(x + y) % 3]);
        }
        function drawBasemap() {
          if (!basemap.on || !basemap.template || PLANAR) return;
          const world = 2 * Math.PI * EARTH;
          const z = Math.max(0, Math.min(19, Math.round(Math.log2(world * view.s / 256))));
          const n = 1 << z, size = world / n;
          // Tiles of GCJ-02 providers show a place at its GCJ-02 position: shift them back by the
          // offset at the view centre (it varies by well under a metre across a view).
          let dx = 0, dy = 0;
          if (basemap.gcj) {
            const c = unproject(view.cx, view.cy), o = gcjOffset(c[0], c[1]);
            const shifted = project(c[0] + o[0], c[1] + o[1]);
            dx = shifted[0] - view.cx; dy = shifted[1] - view.cy;
          }
          const tl = toWorld(0, 0), br = toWorld(view.w, view.h);
          const x0 = Math.floor((tl[0] + dx + world / 2) / size), x1 = Math.floor((br[0] + dx + world / 2) / size);
          const y0 = Math.floor((world / 2 - tl[1] - dy) / size), y1 = Math.floor((world / 2 - br[1] - dy) / size);
          ctx.imageSmoothingEnabled = true;
          for (let ty = Math.max(0, y0); ty <= Math.min(n - 1, y1); ty++) {
            for (let tx = Math.max(0, x0); tx <= Math.min(n - 1, x1); tx++) {
              const url = tileURL(z, tx, ty);
              let img = basemap.tiles.get(url);
              if (!img) {
                img = new Image();
                img.onload = requestRender;
                img.onerror = function () { img.failed = true; };
                img.src = url;
                basemap.tiles.set(url, img);
                if (basemap.tiles.size > 600) basemap.tiles.delete(basemap.tiles.keys().next().value);
              }
              if (!img.complete || img.failed || !img.naturalWidth) continue;
              const a = toScreen(tx * size - world / 2 - dx, world / 2 - ty * size - dy);
              const b = toScreen((tx + 1) * size - world / 2 - dx, world / 2 - (ty + 1) * size - dy);
              ctx.drawImage(img, a[0], a[1], b[0] - a[0] + 0.5, b[1] - a[1] + 0.5);
            }
          }
        }
        """#
}
