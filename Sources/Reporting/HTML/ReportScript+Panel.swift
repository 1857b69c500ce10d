extension ReportScript {
    /// DOM helpers (text only, never HTML), popups and tooltips, the scale bar and coordinates,
    /// pointer, wheel, pinch and keyboard handling.
    static let panel = #"""
        // ---- small DOM helpers: text only, never HTML ----
        function el(tag, className, text) {
          const e = document.createElement(tag);
          if (className) e.className = className;
          if (text !== undefined && text !== null) e.textContent = String(text);
          return e;
        }
        function section(title, open) {
          const d = el('details');
          d.open = open;
          d.appendChild(el('summary', null, title));
          const body = el('div', 'body');
          d.appendChild(body);
          document.getElementById('side').appendChild(d);
          return body;
        }
        function isIdKey(key) { return key === 'id' || /(^|_)(id|code|ids)$/.test(key); }
        function formatValue(key, v) {
          if (v === null || v === undefined) return '—';
          if (typeof v === 'boolean') return v ? 'yes' : 'no';
          if (typeof v === 'number') {
            if (isIdKey(key) || !Number.isInteger(v) || Math.abs(v) < 10000) return String(v);
            return v.toLocaleString('en-US');
          }
          if (Array.isArray(v)) return v.map(function (x) { return formatValue(key, x); }).join(', ');
          if (typeof v === 'object') return JSON.stringify(v);
          return String(v);
        }
        function labelOf(f) {
          const parts = f.layer.labelKeys.map(function (k) { return f.p[k]; })
            .filter(function (v) { return v !== undefined && v !== null && v !== ''; });
          return parts.length ? parts.map(String).join(' · ') : f.layer.title + ' ' + (f.index + 1);
        }
        function lonLatText(x, y) {
          const g = unproject(x, y);
          if (PLANAR) return 'x ' + g[0].toFixed(1) + ' m, y ' + g[1].toFixed(1) + ' m';
          return Math.abs(g[0]).toFixed(5) + '° ' + (g[0] >= 0 ? 'E' : 'W') + ', ' + Math.abs(g[1]).toFixed(5) + '° ' + (g[1] >= 0 ? 'N' : 'S');
        }

        // ---- state, popup and tooltip ----
        const state = { hover: null, selected: null, anchor: null, pointers: new Map(), moved: 0, pinch: null };
        const popup = document.getElementById('popup');
        const tooltip = document.getElementById('tooltip');
        function anchorOf(f) {
          if (f.layer.kind === 'points') return [f.x, f.y];
          if (f.layer.kind === 'lines') { const l = f.lines[0], k = Math.floor(l.length / 4) * 2; return [l[k], l[k + 1]]; }
          return labelPoint(f);
        }
        function openPopup(f, at) {
          state.selected = f;
          state.anchor = at;
          popup.textContent = '';
          const head = el('div', 'head');
          const titles = el('div');
          const cls = f.cls !== null && f.layer.classOf.get(f.cls);
          titles.appendChild(el('div', 'kind', f.layer.title + (cls ? ' · ' + cls.title : '')));
          titles.appendChild(el('div', 'title', labelOf(f)));
          head.appendChild(titles);
          const close = el('button', 'close', '×');
          close.setAttribute('aria-label', 'close');
          close.addEventListener('click', closePopup);
          head.appendChild(close);
          popup.appendChild(head);
          const props = el('div', 'props');
          const table = el('table');
          Object.keys(f.p).forEach(function (key) {
            const tr = el('tr');
            tr.appendChild(el('td', 'k', key));
            tr.appendChild(el('td', 'v', formatValue(key, f.p[key])));
            table.appendChild(tr);
          });
          props.appendChild(table);
          popup.appendChild(props);
          const raster = rasterClassAt(at[0], at[1]);
          popup.appendChild(el('div', 'foot', lonLatText(at[0], at[1]) + (raster ? ' · ' + raster.raster.title + ': ' + raster.title : '')));
          popup.style.display = 'block';
          placePopup();
          requestRender();
        }
        function closePopup() {
          popup.style.display = 'none';
          state.selected = null; state.anchor = null;
          document.querySelectorAll('tr.active').forEach(function (r) { r.classList.remove('active'); });
          requestRender();
        }
        function placePopup() {
          if (!state.anchor || popup.style.display === 'none') return;
          const p = toScreen(state.anchor[0], state.anchor[1]);
          const w = popup.offsetWidth, h = popup.offsetHeight;
          let x = p[0] + 14, y = p[1] - h - 10;
          if (x + w > view.w - 8) x = p[0] - w - 14;
          if (y < 8) y = p[1] + 14;
          x = Math.max(8, Math.min(x, view.w - w - 8)); y = Math.max(8, Math.min(y, view.h - h - 8));
          popup.style.left = x + 'px'; popup.style.top = y + 'px';
        }

        // ---- scale bar, coordinates ----
        function updateScale() {
          const metresPerPixel = groundPerUnit(view.cy) / view.s;
          const target = 110 * metresPerPixel;
          const exp = Math.pow(10, Math.floor(Math.log10(target)));
          const nice = [1, 2, 5, 10].map(function (m) { return m * exp; }).filter(function (v) { return v <= target; }).pop() || exp;
          const bar = document.querySelector('#scale .bar');
          bar.style.width = Math.round(nice / metresPerPixel) + 'px';
          document.querySelector('#scale .text').textContent = nice >= 1000 ? (nice / 1000) + ' km' : nice + ' m';
        }
        hooks.afterRender = function () { updateScale(); placePopup(); };

        // ---- pointer, wheel, keyboard ----
        function localPoint(e) { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
        function hover(sx, sy) {
          const w = toWorld(sx, sy);
          document.getElementById('coords').textContent = lonLatText(w[0], w[1]);
          const hit = hitTest(sx, sy);
          canvas.classList.toggle('pointing', !!hit);
          if (hit) {
            tooltip.textContent = labelOf(hit);
            tooltip.style.display = 'block';
            tooltip.style.left = Math.min(sx + 14, view.w - tooltip.offsetWidth - 4) + 'px';
            tooltip.style.top = (sy + 16) + 'px';
          } else {
            tooltip.style.display = 'none';
          }
          if (hit !== state.hover) { state.hover = hit; requestRender(); }
        }
        canvas.addEventListener('pointerdown', function (e) {
          canvas.setPointerCapture(e.pointerId);
          state.pointers.set(e.pointerId, localPoint(e));
          state.moved = 0;
          if (state.pointers.size === 2) {
            const p = Array.from(state.pointers.values());
            state.pinch = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
          }
        });
        canvas.addEventListener('pointermove', function (e) {
          const p = localPoint(e);
          const last = state.pointers.get(e.pointerId);
          if (!last) { hover(p[0], p[1]); return; }
          state.pointers.set(e.pointerId, p);
          if (state.pointers.size === 2 && state.pinch) {
            const q = Array.from(state.pointers.values());
            const d = Math.hypot(q[0][0] - q[1][0], q[0][1] - q[1][1]);
            zoomAt(d / state.pinch, (q[0][0] + q[1][0]) / 2, (q[0][1] + q[1][1]) / 2);
            state.pinch = d; state.moved += 10;
            return;
          }
          const dx = p[0] - last[0], dy = p[1] - last[1];
          state.moved += Math.abs(dx) + Math.abs(dy);
          if (state.moved > 3) {
            canvas.classList.add('dragging');
            tooltip.style.display = 'none';
            view.cx -= dx / view.s; view.cy += dy / view.s;
            requestRender();
          }
        });
        function pointerEnd(e) {
          if (!state.pointers.has(e.pointerId)) return;
          state.pointers.delete(e.pointerId);
          if (state.pointers.size < 2) state.pinch = null;
          canvas.classList.remove('dragging');
          if (e.type === 'pointerup' && state.moved <= 3 && state.pointers.size === 0) {
            const p = localPoint(e);
            const hit = hitTest(p[0], p[1]);
            document.querySelectorAll('tr.active').forEach(function (r) { r.classList.remove('active'); });
            if (hit) openPopup(hit, hit.layer.kind === 'points' ? [hit.x, hit.y] : toWorld(p[0], p[1]));
            else closePopup();
          }
        }
        canvas.addEventListener('pointerup', pointerEnd);
        canvas.addEventListener('pointercancel', pointerEnd);
        canvas.addEventListener('pointerleave', function () {
          tooltip.style.display = 'none';
          if (state.hover) { state.hover = null; requestRender(); }
        });
        canvas.addEventListener('wheel', function (e) {
          e.preventDefault();
          const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1;
          const p = localPoint(e);
          zoomAt(Math.pow(2, -e.deltaY * unit / 400), p[0], p[1]);
        }, { passive: false });
        canvas.addEventListener('dblclick', function (e) { const p = localPoint(e); zoomAt(2, p[0], p[1]); });
        pane.addEventListener('keydown', function (e) {
          const step = 80 / view.s;
          const keys = {
            '+': function () { zoomAt(1.5, view.w / 2, view.h / 2); }, '=': function () { zoomAt(1.5, view.w / 2, view.h / 2); },
            '-': function () { zoomAt(1 / 1.5, view.w / 2, view.h / 2); }, '0': fitAll, 'Escape': closePopup,
            'ArrowLeft': function () { view.cx -= step; requestRender(); }, 'ArrowRight': function () { view.cx += step; requestRender(); },
            'ArrowUp': function () { view.cy += step; requestRender(); }, 'ArrowDown': function () { view.cy -= step; requestRender(); },
          };
          if (keys[e.key]) { keys[e.key](); e.preventDefault(); }
        });
        document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(2, view.w / 2, view.h / 2); });
        document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(0.5, view.w / 2, view.h / 2); });
        document.getElementById('zoom-fit').addEventListener('click', fitAll);

        """#
}
