// Sorting and filtering for ranking tables (`table[data-sortable]`), as
// progressive enhancement: without this script the table is complete and in
// rank order. No UI text lives here; labels come from the page.
//
// - Every column header becomes a button; `aria-sort` on the `th` says the
//   order. A cell's `data-sort` (a plain number such as `842.5`) is its sort
//   key, else its text; headers with class `num` sort numerically, and cells
//   without a number stay last in either direction.
// - A table in a `.table-wrap.later` (laid out lazily by the style sheet)
//   waits until it is near the viewport.
// - `.table-tools[data-table=<table id>]` holds `select[data-filter=<key>]`
//   that the rows' `data-<key>` values fill, and a `role=status` line whose
//   `data-template` gets `{shown}` and `{total}`.
(function () {
  'use strict';

  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var raw = cell.getAttribute('data-sort');
    return (raw === null ? cell.textContent : raw).trim();
  }

  function sortRows(table, index, numeric, descending, collator) {
    var body = table.tBodies[0];
    var keyed = Array.prototype.map.call(body.rows, function (row, position) {
      var key = sortKey(row, index);
      var n = numeric && key !== '' ? Number(key) : NaN;
      return { row: row, key: key, n: n, position: position };
    });
    var sign = descending ? -1 : 1;
    keyed.sort(function (a, b) {
      var order;
      if (numeric) {
        var aHas = !isNaN(a.n), bHas = !isNaN(b.n);
        if (aHas !== bHas) return aHas ? -1 : 1;
        order = aHas ? a.n - b.n : 0;
      } else {
        order = collator.compare(a.key, b.key);
      }
      return order * sign || a.position - b.position;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }

  function enhanceHeaders(table, collator) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var descending = th.getAttribute('aria-sort') === 'ascending';
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        sortRows(table, index, th.classList.contains('num'), descending, collator);
      });
    });
  }

  function fillSelect(select, rows, key, collator) {
    var values = [];
    rows.forEach(function (row) {
      var value = row.getAttribute('data-' + key);
      if (value && values.indexOf(value) < 0) values.push(value);
    });
    // Predikat keeps rank order (best first); other lists are alphabetical.
    if (key !== 'predikat') values.sort(collator.compare);
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }

  function enhanceFilters(table, collator) {
    var tools = document.querySelector('.table-tools[data-table="' + table.id + '"]');
    if (!table.id || !tools) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(tools.querySelectorAll('select[data-filter]'));
    var status = tools.querySelector('[role="status"]');
    function update() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = selects.every(function (s) {
          return s.value === '' || row.getAttribute('data-' + s.getAttribute('data-filter')) === s.value;
        });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (status) {
        status.textContent = status.getAttribute('data-template')
          .replace('{shown}', String(shown))
          .replace('{total}', String(rows.length));
      }
    }
    selects.forEach(function (select) {
      fillSelect(select, rows, select.getAttribute('data-filter'), collator);
      select.addEventListener('change', update);
    });
    tools.hidden = false;
    update();
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var collator = new Intl.Collator(document.documentElement.lang || undefined, {
      numeric: true,
      sensitivity: 'base'
    });
    enhanceHeaders(table, collator);
    enhanceFilters(table, collator);
  }

  // A table the page marks as far down it (in a `.table-wrap.later`, below a
  // map) is enhanced when it comes within a screen of the viewport, not
  // while the page first draws; the others at once.
  var near = window.IntersectionObserver && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      near.unobserve(entry.target);
      enhance(entry.target);
    });
  }, { rootMargin: '100% 0px' });
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    if (near && table.closest('.table-wrap.later')) near.observe(table);
    else enhance(table);
  });
})();
