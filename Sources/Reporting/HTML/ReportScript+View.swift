extension ReportScript {
    /// The view (centre, scale, fitting, zoom) and the drawing of rasters, areas, lines, markers,
    /// labels and highlights on the canvas.
    static let view = #"""
        // ---- view: centre (cx, cy) in display units, s = CSS pixels per unit ----
        const pane = document.getElementById('map-pane');
        const canvas = document.getElementById('map');
        const ctx = canvas.getContext('2d');
        const view = { cx: 0, cy: 0, s: 1, w: 1, h: 1 };
        function toScreen(x, y) { return [(x - view.cx) * view.s + view.w / 2, view.h / 2 - (y - view.cy) * view.s]; }
        function toWorld(sx, sy) { return [(sx - view.w / 2) / view.s + view.cx, view.cy - (sy - view.h / 2) / view.s]; }
        function dataBox() {
          const box = [Infinity, Infinity, -Infinity, -Infinity];
          layers.forEach(function (l) {
            l.features.forEach(function (f) {
              if (f.empty) return;
              growBox(box, [f.box[0], f.box[1], f.box[2], f.box[3]]);
            });
          });
          rasters.forEach(function (r) { growBox(box, r.lattice.points); });
          return box[0] <= box[2] ? box : [-1000, -1000, 1000, 1000];
        }
        function fitBox(box, padding, minGroundMeters) {
          let w = box[2] - box[0], h = box[3] - box[1];
          const minUnits = (minGroundMeters || 0) / groundPerUnit((box[1] + box[3]) / 2);
          w = Math.max(w, minUnits); h = Math.max(h, minUnits);
          view.cx = (box[0] + box[2]) / 2; view.cy = (box[1] + box[3]) / 2;
          view.s = Math.min((view.w - 2 * padding) / Math.max(w, 1e-9), (view.h - 2 * padding) / Math.max(h, 1e-9));
          requestRender();
        }
        function fitAll() { fitBox(dataBox(), 24, 0); }
        function zoomAt(factor, sx, sy) {
          const before = toWorld(sx, sy);
          view.s = Math.max(1e-6, Math.min(view.s * factor, 40));
          const after = toWorld(sx, sy);
          view.cx += before[0] - after[0]; view.cy += before[1] - after[1];
          requestRender();
        }
        function resize() {
          const rect = pane.getBoundingClientRect();
          const first = view.w === 1;
          view.w = Math.max(1, rect.width); view.h = Math.max(1, rect.height);
          const dpr = window.devicePixelRatio || 1;
          canvas.width = Math.round(view.w * dpr); canvas.height = Math.round(view.h * dpr);
          if (first) fitAll(); else requestRender();
        }

        // ---- drawing ----
        // Ground (display) units within which one affine map stays a quarter pixel from the exact
        // one: the grid-to-Web-Mercator map bends by about 5e-8 per metre (see CoverageRaster).
        function affineReach() { return Math.sqrt(0.25 / (5e-8 * view.s)); }
        function drawRaster(r) {
          const A0 = rasterAffine(r, view.cx, view.cy), s = view.s;
          // The part of the image in view (with a margin for the bending), so that the canvas
          // transform keeps small numbers.
          let u0 = Infinity, v0 = Infinity, u1 = -Infinity, v1 = -Infinity;
          [[0, 0], [view.w, 0], [0, view.h], [view.w, view.h]].forEach(function (p) {
            const w = toWorld(p[0], p[1]), uv = rasterPoint(A0, w[0], w[1]);
            u0 = Math.min(u0, uv[0]); v0 = Math.min(v0, uv[1]); u1 = Math.max(u1, uv[0]); v1 = Math.max(v1, uv[1]);
          });
          const mu = 0.02 * (u1 - u0) + 2, mv = 0.02 * (v1 - v0) + 2;
          u0 = Math.max(0, Math.floor(u0 - mu)); v0 = Math.max(0, Math.floor(v0 - mv));
          u1 = Math.min(r.width, Math.ceil(u1 + mu)); v1 = Math.min(r.height, Math.ceil(v1 + mv));
          if (u1 <= u0 || v1 <= v0) return 0;
          // A whole city in view: blocks, each drawn with the affine map of its own centre.
          const n = Math.max(1, Math.min(8, Math.ceil(Math.max(view.w, view.h) / s / (2 * affineReach()))));
          const dpr = window.devicePixelRatio || 1;
          ctx.imageSmoothingEnabled = false;
          ctx.globalAlpha = basemap.on ? 0.6 : 0.85;
          for (let bj = 0; bj < n; bj++) {
            for (let bi = 0; bi < n; bi++) {
              const ua = u0 + Math.floor((u1 - u0) * bi / n), ub = u0 + Math.floor((u1 - u0) * (bi + 1) / n);
              const va = v0 + Math.floor((v1 - v0) * bj / n), vb = v0 + Math.floor((v1 - v0) * (bj + 1) / n);
              if (ub <= ua || vb <= va) continue;
              const mid = [A0.a * (ua + ub) / 2 + A0.c * (va + vb) / 2 + A0.e, A0.b * (ua + ub) / 2 + A0.d * (va + vb) / 2 + A0.f];
              const A = n === 1 ? A0 : rasterAffine(r, mid[0], mid[1]);
              const ex = A.e + A.a * ua + A.c * va, fy = A.f + A.b * ua + A.d * va;
              ctx.setTransform(dpr * s * A.a, -dpr * s * A.b, dpr * s * A.c, -dpr * s * A.d,
                dpr * (s * (ex - view.cx) + view.w / 2), dpr * (view.h / 2 - s * (fy - view.cy)));
              ctx.drawImage(r.canvas, ua, va, ub - ua, vb - va, 0, 0, ub - ua, vb - va);
            }
          }
          ctx.globalAlpha = 1;
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          return 1;
        }

        let renderPending = false;
        const drawn = {};
        const hooks = { afterRender: function () {} };
        function requestRender() {
          if (renderPending) return;
          renderPending = true;
          requestAnimationFrame(function () { renderPending = false; render(); });
        }
        function visible(f) {
          const l = f.layer;
          if (!l.on || f.empty) return false;
          if (f.cls !== null && l.hiddenClasses.has(f.cls)) return false;
          if (f.shape !== null && l.hiddenShapes.has(f.shape)) return false;
          if (l.phaseKey && PHASES && (l.phaseMode === 'equal' ? f.phase !== phase.current : f.phase > phase.current)) return false;
          return true;
        }
        function inView(box, margin) {
          const a = toScreen(box[0], box[3]), b = toScreen(box[2], box[1]);
          return b[0] >= -margin && a[0] <= view.w + margin && b[1] >= -margin && a[1] <= view.h + margin;
        }
        function traceRing(xy) {
          const s = view.s, hw = view.w / 2, hh = view.h / 2, cx = view.cx, cy = view.cy;
          let lx = (xy[0] - cx) * s + hw, ly = hh - (xy[1] - cy) * s;
          ctx.moveTo(lx, ly);
          const n = xy.length;
          for (let i = 2; i < n; i += 2) {
            const x = (xy[i] - cx) * s + hw, y = hh - (xy[i + 1] - cy) * s;
            if (i < n - 2 && Math.abs(x - lx) + Math.abs(y - ly) < 0.6) continue;
            ctx.lineTo(x, y);
            lx = x; ly = y;
          }
        }
        function colorOf(f) {
          const c = f.cls !== null ? f.layer.classOf.get(f.cls) : null;
          return c ? { fill: c.fill, stroke: c.stroke } : { fill: f.layer.fill, stroke: f.layer.stroke };
        }
        function drawAreas(layer) {
          // One path per colour: features of a layer do not overlap, so even-odd filling is exact.
          const batches = new Map();
          let count = 0;
          const tiny = [];
          for (const f of layer.features) {
            if (!visible(f) || !inView(f.box, 2)) continue;
            count++;
            const col = colorOf(f);
            const key = col.fill + '|' + col.stroke;
            if (!batches.has(key)) batches.set(key, { col: col, list: [] });
            const a = toScreen(f.box[0], f.box[3]), b = toScreen(f.box[2], f.box[1]);
            if (layer.kind === 'polygons' && b[0] - a[0] < 2 && b[1] - a[1] < 2) tiny.push([f, col, a, b]);
            else batches.get(key).list.push(f);
          }
          ctx.lineWidth = layer.strokeWidth;
          ctx.setLineDash(layer.dashed ? [5, 3] : []);
          batches.forEach(function (batch) {
            ctx.beginPath();
            for (const f of batch.list) {
              if (layer.kind === 'lines') f.lines.forEach(traceRing);
              else f.polygons.forEach(function (rings) { rings.forEach(function (r) { traceRing(r); ctx.closePath(); }); });
            }
            if (layer.kind === 'polygons' && layer.fillOpacity > 0) {
              ctx.globalAlpha = layer.fillOpacity; ctx.fillStyle = batch.col.fill; ctx.fill('evenodd');
            }
            ctx.globalAlpha = 1;
            if (layer.strokeWidth > 0) { ctx.strokeStyle = batch.col.stroke; ctx.stroke(); }
          });
          ctx.setLineDash([]);
          // Features smaller than two pixels are drawn as a 2-pixel dot, so that none vanishes.
          for (const t of tiny) {
            ctx.fillStyle = layer.fillOpacity > 0 ? t[1].fill : t[1].stroke;
            ctx.fillRect((t[2][0] + t[3][0]) / 2 - 1, (t[2][1] + t[3][1]) / 2 - 1, 2, 2);
          }
          return count;
        }
        function markerPath(shape, x, y, r) {
          ctx.beginPath();
          if (shape === 'triangle') {
            ctx.moveTo(x, y - r * 1.25); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath();
          } else if (shape === 'square') {
            ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
          } else if (shape === 'diamond') {
            ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r, y); ctx.closePath();
          } else {
            ctx.arc(x, y, r, 0, 2 * Math.PI);
          }
        }
        // Markers grow a little as the map zooms in (display units are metres in both frames).
        function markerRadius() { return Math.max(2.2, Math.min(6, 2 + 1.3 * Math.log2(1 + view.s * 60))); }
        function drawPoints(layer) {
          let count = 0;
          const r = markerRadius();
          ctx.lineWidth = r > 3.5 ? 1.1 : 0.6;
          ctx.strokeStyle = '#ffffff';
          for (const f of layer.features) {
            if (!visible(f) || !inView(f.box, 8)) continue;
            count++;
            const p = toScreen(f.x, f.y);
            const shape = f.shape !== null && layer.shapeOf.has(f.shape) ? layer.shapeOf.get(f.shape).shape : 'circle';
            markerPath(shape, p[0], p[1], r);
            ctx.fillStyle = colorOf(f).fill;
            ctx.fill(); ctx.stroke();
          }
          return count;
        }
        function labelPoint(f) {
          if (f.label) return f.label;
          // Area centroid of the largest ring; when that falls outside (a concave district), the
          // middle of the widest inside stretch of the horizontal line through it.
          let best = null, bestArea = 0;
          f.polygons.forEach(function (rings) {
            const r = rings[0]; let a = 0, x = 0, y = 0;
            for (let i = 0, n = r.length, j = n - 2; i < n; j = i, i += 2) {
              const c = r[j] * r[i + 1] - r[i] * r[j + 1];
              a += c; x += (r[j] + r[i]) * c; y += (r[j + 1] + r[i + 1]) * c;
            }
            if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = [x / (3 * a), y / (3 * a), rings]; }
          });
          if (!best) { f.label = [(f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2]; return f.label; }
          if (insideRings(best[2], best[0], best[1])) { f.label = [best[0], best[1]]; return f.label; }
          const y = best[1], xs = [];
          best[2].forEach(function (r) {
            for (let i = 0, n = r.length, j = n - 2; i < n; j = i, i += 2) {
              if ((r[i + 1] > y) !== (r[j + 1] > y)) xs.push(r[i] + (y - r[i + 1]) / (r[j + 1] - r[i + 1]) * (r[j] - r[i]));
            }
          });
          xs.sort(function (a, b) { return a - b; });
          let mid = (f.box[0] + f.box[2]) / 2, width = -1;
          for (let k = 0; k + 1 < xs.length; k += 2) if (xs[k + 1] - xs[k] > width) { width = xs[k + 1] - xs[k]; mid = (xs[k] + xs[k + 1]) / 2; }
          f.label = [mid, y];
          return f.label;
        }
        function drawTexts(layer) {
          ctx.font = '600 13px ' + FONT;
          ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
          ctx.lineJoin = 'round';
          for (const f of layer.features) {
            if (!visible(f) || !inView(f.box, 0)) continue;
            const text = f.p[layer.textKey];
            if (text === undefined || text === null) continue;
            const a = toScreen(f.box[0], f.box[3]), b = toScreen(f.box[2], f.box[1]);
            const label = String(text);
            if (ctx.measureText(label).width > (b[0] - a[0]) * 0.9) continue;
            const p = labelPoint(f), s = toScreen(p[0], p[1]);
            ctx.lineWidth = 3.5; ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.strokeText(label, s[0], s[1]);
            ctx.fillStyle = '#1b2430'; ctx.fillText(label, s[0], s[1]);
          }
        }
        function drawHighlight(f, color, width) {
          if (!f || !visible(f)) return;
          ctx.save();
          ctx.strokeStyle = color; ctx.lineWidth = width;
          if (f.layer.kind === 'points') {
            const p = toScreen(f.x, f.y);
            ctx.beginPath(); ctx.arc(p[0], p[1], markerRadius() + 4, 0, 2 * Math.PI); ctx.stroke();
          } else {
            ctx.beginPath();
            if (f.lines) f.lines.forEach(traceRing);
            else f.polygons.forEach(function (rings) { rings.forEach(function (r) { traceRing(r); ctx.closePath(); }); });
            ctx.stroke();
          }
          ctx.restore();
        }
        function render() {
          const dpr = window.devicePixelRatio || 1;
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.clearRect(0, 0, view.w, view.h);
          drawBasemap();
          for (const r of rasters) drawn[r.id] = r.on ? drawRaster(r) : 0;
          for (const l of layers) {
            drawn[l.id] = l.kind === 'points' ? drawPoints(l) : drawAreas(l);
          }
          for (const l of layers) if (l.textKey) drawTexts(l);
          drawHighlight(state.hover, '#ffb000', 2.5);
          drawHighlight(state.selected, '#111111', 2.5);
          hooks.afterRender();
        }

        """#
}
