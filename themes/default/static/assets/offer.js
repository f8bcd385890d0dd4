// guidepress default theme: the offer check. It places an offer the reader
// types against this guide's bands, ask and floor, read from the page's own
// JSON island (#offer-data). Everything happens here: no request is made and
// nothing is stored. Without this script the form stays hidden and a note
// says what it would do.
(function () {
  "use strict";
  var form = document.getElementById("offer-check");
  var island = document.getElementById("offer-data");
  var out = document.getElementById("offer-verdicts");
  if (!form || !island || !out) return;
  var data;
  try { data = JSON.parse(island.textContent); } catch (error) { return; }
  var rates = {};
  data.rates.forEach(function (pair) { rates[pair[0]] = pair[1]; });

  var SCALE = { k: 1e3, m: 1e6, b: 1e9 };
  var FIGURE = /^(?:[A-Za-z]{3}\s*|[CAS]\$|[$£€¥₹])?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kKmMbB])?$/;

  // "250000", "250K", "$250K", "£1.2M", "250,000": a number; "" is null;
  // anything else NaN.
  function amount(text) {
    var trimmed = text.trim();
    if (!trimmed) return null;
    var match = FIGURE.exec(trimmed);
    if (!match) return NaN;
    var value = parseFloat(match[1].replace(/,/g, ""));
    return match[2] ? value * SCALE[match[2].toLowerCase()] : value;
  }

  function money(prefix, value) {
    var size = Math.abs(value);
    var text;
    if (size >= 1e6) text = (size / 1e6).toFixed(2).replace(/\.?0+$/, "") + "M";
    else if (size >= 1e3) text = Math.round(size / 1e3) + "K";
    else text = String(Math.round(size));
    return prefix + text;
  }

  function percent(part, whole) {
    return whole ? Math.round(Math.abs(part) / whole * 100) + "%" : "";
  }

  function convert(value, from, to) {
    if (from === to) return value;
    if (!rates[from] || !rates[to]) return null;
    return value * rates[from] / rates[to];
  }

  function lever(topics) {
    for (var t = 0; t < topics.length; t++) {
      for (var i = 0; i < data.levers.length; i++) {
        if (data.levers[i].topics.indexOf(topics[t]) !== -1) return data.levers[i];
      }
    }
    return null;
  }

  function leverName(found) {
    return "lever " + found.number + ", " + found.title;
  }

  // Where `value` sits in `range` ({min, max}), in words.
  function position(what, value, range, prefix) {
    var min = range.min, max = range.max;
    if (value < min) {
      return { side: "below", text: what + " is below the band: " + money(prefix, min - value) + " (" + percent(min - value, min) + ") under its bottom of " + money(prefix, min) + "." };
    }
    if (max === null) {
      return { side: "inside", text: what + " is inside the band, which starts at " + money(prefix, min) + " and has no top." };
    }
    if (value > max) {
      return { side: "above", text: what + " is above the band: " + money(prefix, value - max) + " (" + percent(value - max, max) + ") over its top of " + money(prefix, max) + "." };
    }
    var share = max > min ? Math.round((value - min) / (max - min) * 100) : 100;
    return { side: "inside", text: what + " is inside the band, " + share + "% of the way from " + money(prefix, min) + " to " + money(prefix, max) + "." };
  }

  function gap(what, value, target, name, prefix) {
    var difference = value - target;
    if (difference < 0) {
      return what + " is " + money(prefix, -difference) + " (" + percent(difference, target) + ") below the " + name + " of " + money(prefix, target) + ".";
    }
    if (difference === 0) return what + " is exactly the " + name + " of " + money(prefix, target) + ".";
    return what + " is " + money(prefix, difference) + " (" + percent(difference, target) + ") above the " + name + " of " + money(prefix, target) + ".";
  }

  function verdicts() {
    var band = data.bands[Number(form.elements.region.value)] || data.bands[0];
    var base = amount(form.elements.base.value);
    var equity = amount(form.elements.equity.value);
    var bonus = amount(form.elements.bonus.value);
    var lines = [];
    var advice = [];
    if (base === null) return { lines: ["Type your offer's base salary to place it."], advice: [] };
    var bad = [["Base", base], ["Equity", equity], ["Bonus", bonus]].filter(function (pair) { return pair[1] !== pair[1]; });
    if (bad.length) {
      return { lines: bad.map(function (pair) { return pair[0] + " is not a figure: write it as 250000, 250K or " + band.prefix + "250K."; }), advice: [] };
    }
    var prefix = band.prefix;
    var place = band.base ? position("Base", base, band.base, prefix) : null;
    if (place) lines.push(place.text);
    else lines.push("This band lists no base salary to place yours in.");

    var years = data.vesting_years || 4;
    if (band.total && band.equity && equity === null) {
      lines.push("Add the equity grant to compare total comp with the band's " + money(prefix, band.total.min) + (band.total.max === null ? "+" : "–" + money(prefix, band.total.max)) + ".");
    } else if (band.total) {
      var total = base + (equity || 0) / years;
      var note = "";
      if (band.bonus_pct) {
        note = " The band's bonus is a target of " + band.bonus_pct[0] + "–" + band.bonus_pct[1] + "% of base, not counted in its total comp, so your bonus is left out too.";
      } else {
        total += bonus || 0;
      }
      var totalPlace = position("Your total comp of " + money(prefix, total) + " a year", total, band.total, prefix);
      lines.push(totalPlace.text + (data.vesting_years ? "" : " (equity counted over 4 years)") + note);
    }

    var script = data.script;
    if (script && (script.ask_base || script.floor_base || script.ask_equity)) {
      var inScript = convert(base, band.currency, script.currency);
      var equityInScript = equity === null ? null : convert(equity, band.currency, script.currency);
      var approx = band.currency === script.currency ? "" : " (converted to " + script.currency + ")";
      if (inScript === null) {
        lines.push("The script's figures are in " + script.currency + ", and this site has no rate from " + band.currency + ": compare them by hand.");
      } else {
        if (script.floor_base) lines.push(gap("Base" + approx, inScript, script.floor_base, "floor", script.prefix));
        if (script.ask_base) lines.push(gap("Base" + approx, inScript, script.ask_base, "ask", script.prefix));
        if (script.ask_equity && equityInScript !== null) lines.push(gap("Equity" + approx, equityInScript, script.ask_equity, "ask", script.prefix));
        var belowFloor = script.floor_base && inScript < script.floor_base;
        var belowAsk = script.ask_base && inScript < script.ask_base;
        var found;
        if (belowFloor && (found = lever(["premium", "competing", "level"]))) {
          advice.push("Base is below the floor: lead with " + leverName(found) + ".");
        }
        if (place && place.side === "below" && (found = lever(["level"]))) {
          advice.push("Base is below the band, so the level may be wrong: see " + leverName(found) + ".");
        }
        if (!belowFloor && belowAsk && (found = lever(["competing", "premium"]))) {
          advice.push("To close the gap to the ask: " + leverName(found) + ".");
        }
        if (script.ask_equity && equityInScript !== null && equityInScript < script.ask_equity && (found = lever(["equity", "competing"]))) {
          advice.push("Equity is short of the ask: " + leverName(found) + ".");
        }
        if (script.ask_base && !belowAsk && (found = lever(["signing", "equity", "competing"]))) {
          advice.push("Base meets the ask: spend the conversation on equity or a signing bonus (" + leverName(found) + ").");
        }
      }
    } else if (place && place.side === "below") {
      var levelLever = lever(["level", "premium"]);
      if (levelLever) advice.push("Base is below the band: see " + leverName(levelLever) + ".");
    }
    return { lines: lines, advice: advice };
  }

  function list(className, lines) {
    var element = document.createElement("ul");
    element.className = className;
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      element.appendChild(item);
    });
    return element;
  }

  function show() {
    var result = verdicts();
    out.textContent = "";
    out.appendChild(list("verdicts", result.lines));
    if (result.advice.length) {
      var heading = document.createElement("p");
      heading.className = "verdicts-advice-title";
      heading.textContent = "Levers that apply:";
      out.appendChild(heading);
      out.appendChild(list("verdicts-advice", result.advice));
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", show);
  form.addEventListener("change", show);
  form.hidden = false;
})();
