// guidepress default theme: progressive enhancement only. Every page works
// without it; it adds a copy button to scripts, live search, and sorting
// and filtering comparison tables by region.
(function () {
  "use strict";

  function enableCopy() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) return;
      button.hidden = false;
      var status = button.parentElement.querySelector(".copy-status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.innerText.trim()).then(function () {
          if (status) status.textContent = "Copied.";
        }, function () {
          if (status) status.textContent = "Copy failed: select the text instead.";
        });
      });
    });
  }

  // How well a guide answers the query: 0 unless every word is found
  // somewhere; then a word in the company's name or one of its aliases
  // counts most, in the role or a region next, in the tagline least, so
  // "Scale" lists Scale AI before a guide whose tagline says "scale".
  function relevance(entry, words) {
    var fields = [
      [3, [entry.company].concat(entry.aliases || []).join(" ")],
      [2, [entry.role, entry.regions.join(" ")].join(" ")],
      [1, [entry.title, entry.premium || "", entry.tags.join(" ")].join(" ")]
    ].map(function (field) { return [field[0], field[1].toLowerCase()]; });
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var best = 0;
      fields.forEach(function (field) {
        if (field[0] > best && field[1].indexOf(words[i]) !== -1) best = field[0];
      });
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  // An open-ended top (`$300K+`) has no "up to".
  function topTotal(total) {
    if (!total) return "";
    return /\+$/.test(total) ? total + " total comp at the top" : "up to " + total;
  }

  function render(list, entries) {
    list.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "card";
      var heading = document.createElement("h2");
      heading.className = "card-title";
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [entry.premium, entry.regions.join(" · "), topTotal(entry.top_total)]
        .filter(Boolean).join(" — ");
      item.appendChild(meta);
      list.appendChild(item);
    });
  }

  function enableSearch() {
    var form = document.querySelector("form.search[data-index]");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var all = document.getElementById("all-guides");
    var list = document.createElement("ul");
    list.className = "cards search-results";
    all.parentNode.insertBefore(list, all.nextSibling);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    fetch(form.getAttribute("data-index")).then(function (response) { return response.json(); }).then(function (index) {
      function update() {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        if (!words.length) { all.hidden = false; list.textContent = ""; status.textContent = ""; return; }
        var found = index
          .map(function (entry, order) { return { entry: entry, order: order, score: relevance(entry, words) }; })
          .filter(function (hit) { return hit.score > 0; })
          .sort(function (a, b) { return b.score - a.score || a.order - b.order; })
          .map(function (hit) { return hit.entry; });
        all.hidden = true;
        render(list, found);
        status.textContent = found.length + (found.length === 1 ? " guide matches." : " guides match.");
      }
      input.addEventListener("input", update);
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { input.value = query; }
      update();
    }).catch(function () {
      status.textContent = "Search is unavailable; every guide is listed below.";
    });
  }

  // Comparison tables sort by any column whose header names how
  // (`data-sort`): the header becomes a button; figures and dates sort
  // highest / newest first on the first press, names A to Z, and the next
  // press reverses. Rows without a value stay last; ties keep the page's order.
  function sortValue(kind, cell) {
    if (!cell) return "";
    if (kind === "as-of") {
      var time = cell.querySelector("time");
      return time ? time.getAttribute("datetime") : "";
    }
    if (kind === "number") {
      var value = cell.getAttribute("data-value");
      return value ? Number(value) : "";
    }
    return cell.textContent.trim().toLowerCase();
  }

  function enableSort() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      var body = table.tBodies[0];
      if (!body) return;
      var rows = Array.prototype.slice.call(body.rows);
      rows.forEach(function (row, i) { row.setAttribute("data-order", i); });
      table.querySelectorAll("thead th[data-sort]").forEach(function (header) {
        var kind = header.getAttribute("data-sort");
        var column = Array.prototype.indexOf.call(header.parentElement.children, header);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = header.textContent;
        header.textContent = "";
        header.appendChild(button);
        button.addEventListener("click", function () {
          var firstWay = kind === "text" ? "ascending" : "descending";
          var current = header.getAttribute("aria-sort");
          var way = current === firstWay ? (firstWay === "ascending" ? "descending" : "ascending") : firstWay;
          var sign = way === "ascending" ? 1 : -1;
          rows.sort(function (a, b) {
            var va = sortValue(kind, a.children[column]), vb = sortValue(kind, b.children[column]);
            if (va !== vb) {
              if (va === "") return 1;
              if (vb === "") return -1;
              return (va < vb ? -1 : 1) * sign;
            }
            return a.getAttribute("data-order") - b.getAttribute("data-order");
          });
          rows.forEach(function (row) { body.appendChild(row); });
          table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", way);
        });
      });
    });
  }

  // A table with a region column and rows in more than one region gets a
  // region picker above it; the rows of other regions are hidden, and a
  // status line says how many are shown.
  function enableRegionFilter() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table, t) {
      var header = table.querySelector("thead th[data-filter=region]");
      var body = table.tBodies[0];
      if (!header || !body) return;
      var column = Array.prototype.indexOf.call(header.parentElement.children, header);
      var rows = Array.prototype.slice.call(body.rows);
      var regionOf = function (row) { return row.children[column] ? row.children[column].textContent.trim() : ""; };
      var regions = rows.map(regionOf).filter(function (region, i, all) { return region && all.indexOf(region) === i; }).sort();
      if (regions.length < 2) return;
      var box = document.createElement("p");
      box.className = "table-filter";
      var label = document.createElement("label");
      label.textContent = "Region ";
      var select = document.createElement("select");
      select.id = "region-filter-" + t;
      label.htmlFor = select.id;
      [["", "All regions"]].concat(regions.map(function (r) { return [r, r]; })).forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        select.appendChild(option);
      });
      var status = document.createElement("span");
      status.className = "filter-status";
      status.setAttribute("role", "status");
      box.appendChild(label);
      box.appendChild(select);
      box.appendChild(status);
      var scroll = table.closest(".table-scroll") || table;
      scroll.parentNode.insertBefore(box, scroll);
      select.addEventListener("change", function () {
        var shown = 0;
        rows.forEach(function (row) {
          row.hidden = Boolean(select.value) && regionOf(row) !== select.value;
          if (!row.hidden) shown++;
        });
        status.textContent = select.value ? " " + shown + " of " + rows.length + " bands shown" : "";
      });
    });
  }

  enableCopy();
  enableSearch();
  enableSort();
  enableRegionFilter();
})();
