extension ReportScript {
    /// The phase stepper of a phased plan (`DATA.phases`, RunReportPage+Phases.swift): previous /
    /// next buttons and a slider, the picked phase's figures, and a table of every phase whose rows
    /// pick it. Picking a phase hides the sites of later phases, shows that phase's holes only, and
    /// hides the coverage classes of later phases (`visible`, `phaseHidden`).
    static let phases = #"""
        // ---- phases ----
        const phaseUI = {};
        function phaseFigure(k, label) {
          const item = PHASES.figures[k].find(function (f) { return f.label === label; });
          return item ? item.value : '';
        }
        function buildPhases() {
          if (!PHASES) return;
          const body = section('Phases', true);
          body.appendChild(el('div', 'note', PHASES.note));
          const bar = el('div', 'phase-bar');
          const prev = el('button', null, '\u25C0');
          prev.id = 'phase-prev'; prev.title = 'previous phase';
          const range = el('input');
          range.type = 'range'; range.min = '0'; range.max = String(PHASES.names.length - 1); range.step = '1';
          range.id = 'phase-range'; range.setAttribute('aria-label', 'phase');
          const next = el('button', null, '\u25B6');
          next.id = 'phase-next'; next.title = 'next phase';
          const name = el('span', 'phase-name');
          name.id = 'phase-name';
          [prev, range, next, name].forEach(function (e) { bar.appendChild(e); });
          body.appendChild(bar);
          const grid = el('div', 'figures');
          grid.id = 'phase-figures';
          body.appendChild(grid);
          const wrap = el('div', 'table-wrap');
          const table = el('table');
          table.id = 'table-phases';
          const head = el('tr');
          [['phase', false], ['coverage', true], ['new sites', true], ['cost in all', true], ['holes', true]].forEach(function (c) {
            head.appendChild(el('th', c[1] ? 'num' : null, c[0]));
          });
          const thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
          const tbody = el('tbody');
          phaseUI.rows = PHASES.names.map(function (n, k) {
            const tr = el('tr', 'link');
            tr.tabIndex = 0; tr.title = 'show the network at the end of ' + n;
            [n, phaseFigure(k, 'demand coverage'), phaseFigure(k, 'new sites'), phaseFigure(k, 'cost in all'), phaseFigure(k, 'holes')]
              .forEach(function (v, c) { tr.appendChild(el('td', c ? 'num' : null, v)); });
            tr.addEventListener('click', function () { setPhase(k); });
            tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') setPhase(k); });
            tbody.appendChild(tr);
            return tr;
          });
          table.appendChild(tbody); wrap.appendChild(table); body.appendChild(wrap);
          prev.addEventListener('click', function () { setPhase(phase.current - 1); });
          next.addEventListener('click', function () { setPhase(phase.current + 1); });
          range.addEventListener('input', function () { setPhase(Number(range.value)); });
          Object.assign(phaseUI, { prev: prev, next: next, range: range, name: name, grid: grid });
          updatePhaseUI();
        }
        function updatePhaseUI() {
          const k = phase.current, n = PHASES.names.length;
          phaseUI.range.value = String(k);
          phaseUI.prev.disabled = k === 0; phaseUI.next.disabled = k === n - 1;
          phaseUI.name.textContent = PHASES.names[k] + ' (' + (k + 1) + ' of ' + n + ')';
          phaseUI.grid.textContent = '';
          PHASES.figures[k].forEach(function (item) {
            const box = el('div', 'figure' + (item.value.length > 14 ? ' wide' : ''));
            box.appendChild(el('div', 'label', item.label));
            box.appendChild(el('div', 'value', item.value));
            phaseUI.grid.appendChild(box);
          });
          phaseUI.rows.forEach(function (tr, j) { tr.classList.toggle('active', j === k); });
        }
        // Shows the network at the end of phase k (clamped); false on a page without phases.
        function setPhase(k) {
          if (!PHASES) return false;
          phase.current = Math.max(0, Math.min(PHASES.names.length - 1, Math.round(k)));
          rasters.forEach(function (r) { if (r.phaseOfClass) paintRaster(r); });
          if (state.selected && !visible(state.selected)) closePopup();
          if (state.hover && !visible(state.hover)) state.hover = null;
          updatePhaseUI();
          requestRender();
          return true;
        }

        """#
}
