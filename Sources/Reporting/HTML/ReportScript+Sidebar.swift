extension ReportScript {
    /// The side panel — header, summary figures, layer toggles with the legend, tables whose rows
    /// focus the map, basemap settings, notes — then `window.nrplan` (what a test reads) and the start.
    static let sidebar = #"""
        // ---- side panel ----
        function buildHeader() {
          document.getElementById('title').textContent = DATA.title;
          document.getElementById('subtitle').textContent = DATA.subtitle;
          if (DATA.verdict) {
            const badge = document.getElementById('verdict');
            badge.textContent = DATA.verdict.text;
            badge.className = 'badge ' + (DATA.verdict.passed ? 'pass' : 'fail');
            badge.style.display = 'block';
          }
        }
        function buildFigures() {
          if (!DATA.figures.length) return;
          const body = section('Summary', true);
          DATA.figures.forEach(function (group) {
            body.appendChild(el('div', 'group-title', group.title));
            const grid = el('div', 'figures');
            group.items.forEach(function (item) {
              const box = el('div', 'figure' + (item.value.length > 14 ? ' wide' : ''));
              box.appendChild(el('div', 'label', item.label));
              box.appendChild(el('div', 'value' + (item.tone ? ' ' + item.tone : ''), item.value));
              grid.appendChild(box);
            });
            body.appendChild(grid);
          });
        }
        function swatch(fill, stroke, shape, opacity) {
          if (shape) {
            const ns = 'http://www.w3.org/2000/svg';
            const svg = document.createElementNS(ns, 'svg');
            svg.setAttribute('class', 'swatch shape'); svg.setAttribute('viewBox', '-8 -7 16 14');
            const paths = {
              triangle: 'M0 -6L5.5 4L-5.5 4Z', square: 'M-4.5 -4.5H4.5V4.5H-4.5Z',
              diamond: 'M0 -6L5 0L0 6L-5 0Z', circle: 'M-5 0A5 5 0 1 0 5 0A5 5 0 1 0 -5 0Z',
            };
            const path = document.createElementNS(ns, 'path');
            path.setAttribute('d', paths[shape] || paths.circle); path.setAttribute('fill', fill);
            svg.appendChild(path);
            return svg;
          }
          const s = el('span', 'swatch');
          s.style.background = fill; s.style.borderColor = stroke || fill;
          if (opacity !== undefined) s.style.opacity = String(Math.max(0.35, opacity));
          return s;
        }
        function toggleRow(className, checked, parts, onChange) {
          const label = el('label', className);
          const box = el('input');
          box.type = 'checkbox'; box.checked = checked;
          box.addEventListener('change', function () { onChange(box.checked); requestRender(); });
          label.appendChild(box);
          parts.forEach(function (p) { label.appendChild(typeof p === 'string' ? el('span', null, p) : p); });
          return { label: label, box: box };
        }
        function buildLayers() {
          const body = section('Layers and legend', true);
          layers.slice().reverse().forEach(function (l) {
            const wrap = el('div', 'layer');
            const real = l.features.filter(function (f) { return !f.empty; }).length;
            const row = toggleRow(null, l.on, [
              swatch(l.kind === 'lines' ? l.stroke : l.fillOpacity > 0 ? l.fill : 'transparent', l.stroke, l.kind === 'points' ? 'circle' : null, l.fillOpacity),
              l.title, el('span', 'count', real.toLocaleString('en-US')),
            ], function (on) { l.on = on; if (!on && state.selected && state.selected.layer === l) closePopup(); });
            l.checkbox = row.box;
            wrap.appendChild(row.label);
            l.classBoxes = new Map();
            l.classes.forEach(function (c) {
              const n = l.features.filter(function (f) { return f.cls === c.value && !f.empty; }).length;
              const r = toggleRow('cls', true, [swatch(c.fill, c.stroke, l.kind === 'points' ? 'circle' : null, l.fillOpacity), c.title, el('span', 'count', n.toLocaleString('en-US'))],
                function (on) { if (on) l.hiddenClasses.delete(c.value); else l.hiddenClasses.add(c.value); });
              l.classBoxes.set(c.value, r.box);
              wrap.appendChild(r.label);
            });
            l.shapes.forEach(function (s) {
              const n = l.features.filter(function (f) { return f.shape === s.value && !f.empty; }).length;
              if (!n) return;
              const r = toggleRow('cls', true, [swatch('#6b7480', null, s.shape), s.title, el('span', 'count', n.toLocaleString('en-US'))],
                function (on) { if (on) l.hiddenShapes.delete(s.value); else l.hiddenShapes.add(s.value); });
              wrap.appendChild(r.label);
            });
            body.appendChild(wrap);
          });
          rasters.forEach(function (r) {
            const wrap = el('div', 'layer');
            const row = toggleRow(null, r.on, [swatch('#4cb963'), r.title], function (on) { r.on = on; });
            wrap.appendChild(row.label);
            r.classes.forEach(function (c, k) {
              const t = toggleRow('cls', true, [swatch(c.color), c.title], function (on) {
                if (on) r.hiddenClasses.delete(k + 1); else r.hiddenClasses.add(k + 1);
                paintRaster(r);
              });
              wrap.appendChild(t.label);
            });
            wrap.appendChild(el('div', 'note', r.note));
            body.appendChild(wrap);
          });
        }
        function focusFeature(layerId, index, row) {
          const l = layerById.get(layerId), f = l && l.features[index];
          if (!f || f.empty) return false;
          if (!l.on) { l.on = true; if (l.checkbox) l.checkbox.checked = true; }
          if (f.cls !== null && l.hiddenClasses.has(f.cls)) { l.hiddenClasses.delete(f.cls); l.classBoxes.get(f.cls).checked = true; }
          l.hiddenShapes.delete(f.shape);
          if (l.phaseKey && PHASES && f.phase >= 0 && (l.phaseMode === 'equal' ? f.phase !== phase.current : f.phase > phase.current)) setPhase(f.phase);
          fitBox(f.box, 70, l.kind === 'points' ? 1500 : 600);
          document.querySelectorAll('tr.active').forEach(function (r) { r.classList.remove('active'); });
          if (row) row.classList.add('active');
          openPopup(f, anchorOf(f));
          return true;
        }
        function buildTables() {
          DATA.tables.forEach(function (t) {
            const body = section(t.title, true);
            if (t.note) body.appendChild(el('div', 'note', t.note));
            if (!t.rows.length) { body.appendChild(el('div', 'note', 'none')); return; }
            const wrap = el('div', 'table-wrap');
            const table = el('table');
            table.id = 'table-' + t.id;
            const head = el('tr');
            t.columns.forEach(function (c) { head.appendChild(el('th', c.numeric ? 'num' : null, c.label)); });
            const thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
            const tbody = el('tbody');
            t.rows.forEach(function (r) {
              const tr = el('tr', r.focus ? 'link' : null);
              r.cells.forEach(function (c, k) { tr.appendChild(el('td', t.columns[k] && t.columns[k].numeric ? 'num' : null, c)); });
              if (r.focus) {
                tr.tabIndex = 0;
                tr.title = 'show on the map';
                tr.addEventListener('click', function () { focusFeature(r.focus.layer, r.focus.feature, tr); });
                tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') focusFeature(r.focus.layer, r.focus.feature, tr); });
              }
              tbody.appendChild(tr);
            });
            table.appendChild(tbody);
            wrap.appendChild(table);
            body.appendChild(wrap);
          });
        }
        function buildBasemap() {
          if (PLANAR) return;
          const body = section('Basemap (needs a network)', false);
          body.className += ' basemap';
          let saved = {};
          try { saved = JSON.parse(localStorage.getItem('nrplan.basemap') || '{}') || {}; } catch (e) { saved = {}; }
          const hash = new URLSearchParams(location.hash.slice(1));
          basemap.template = hash.get('basemap') || saved.template || '';
          basemap.gcj = hash.has('basemap') ? hash.get('gcj') === '1' : !!saved.gcj;
          basemap.on = hash.has('basemap');
          const on = toggleRow(null, basemap.on, ['Show basemap tiles'], function (v) { basemap.on = v; updateAttribution(); });
          body.appendChild(on.label);
          const input = el('input');
          input.type = 'text'; input.value = basemap.template; input.spellcheck = false;
          input.placeholder = 'https://tile.example.org/{z}/{x}/{y}.png';
          const crs = el('select');
          [['0', 'tiles in WGS-84 / Web Mercator (OSM, Tianditu)'], ['1', 'tiles in GCJ-02 (Amap, Tencent)']].forEach(function (o) {
            const opt = el('option', null, o[1]); opt.value = o[0]; crs.appendChild(opt);
          });
          crs.value = basemap.gcj ? '1' : '0';
          function save() {
            basemap.template = input.value.trim(); basemap.gcj = crs.value === '1'; basemap.tiles.clear();
            try { localStorage.setItem('nrplan.basemap', JSON.stringify({ template: basemap.template, gcj: basemap.gcj })); } catch (e) { /* file:// storage may be off */ }
            updateAttribution(); requestRender();
          }
          input.addEventListener('change', save); crs.addEventListener('change', save);
          body.appendChild(input); body.appendChild(crs);
          body.appendChild(el('div', 'note', 'Off by default: the report uses no network. Ticked, it loads XYZ tiles from this URL template ({z}, {x}, {y}, {-y} for TMS, {s} for a/b/c), e.g. #basemap=URL&gcj=1 after the file name. Respect the provider\u2019s terms of use.'));
          updateAttribution();
        }
        function updateAttribution() {
          const a = document.getElementById('attribution');
          let host = '';
          try { host = new URL(basemap.template.replace(/\{[^}]*\}/g, '0')).host; } catch (e) { host = ''; }
          a.textContent = 'Basemap: ' + (host || 'invalid URL template');
          a.style.display = basemap.on && basemap.template ? 'block' : 'none';
        }
        function buildFooter() {
          const footer = el('footer');
          DATA.notes.forEach(function (n) { footer.appendChild(el('p', null, n)); });
          footer.appendChild(el('p', null, 'nrplan ' + DATA.version + ' · self-contained page: no network, no external files.'));
          document.getElementById('side').appendChild(footer);
        }

        // ---- start ----
        window.nrplan = {
          ready: false,
          stats: function () {
            const features = {};
            layers.forEach(function (l) { features[l.id] = l.features.filter(function (f) { return !f.empty; }).length; });
            return { drawn: Object.assign({}, drawn), features: features };
          },
          screenPoint: function (layerId, index) {
            const f = layerById.get(layerId).features[index], a = anchorOf(f), p = toScreen(a[0], a[1]);
            const r = canvas.getBoundingClientRect();
            return { x: r.left + p[0], y: r.top + p[1] };
          },
          focus: function (layerId, index) { return focusFeature(layerId, index, null); },
          view: function () { const c = unproject(view.cx, view.cy); return { lon: c[0], lat: c[1], pixelsPerUnit: view.s }; },
          fit: fitAll,
          setPhase: setPhase,
          phase: function () { return PHASES ? { index: phase.current, name: PHASES.names[phase.current] } : null; },
        };
        try {
          buildHeader();
          buildPhases();
          buildFigures();
          buildLayers();
          buildTables();
          buildBasemap();
          buildFooter();
          new ResizeObserver(resize).observe(pane);
          resize();
          const start = hooks.afterRender;
          hooks.afterRender = function () {
            start();
            if (!window.nrplan.ready) { window.nrplan.ready = true; document.documentElement.setAttribute('data-ready', '1'); }
          };
          requestRender();
        } catch (error) {
          const box = document.getElementById('error');
          box.textContent = 'This report could not be drawn: ' + error.message;
          box.style.display = 'block';
          throw error;
        }
        """#
}
