/* pracbase study-visit planner: pracbase.visit.plan_visit, step by step, in plain JavaScript.
 *
 * It reads the data pracbase.visit.algorithm_data exports (weights, constants, cities,
 * practices, peer scores) and the words pracbase.site.planner.planner_words writes per
 * language, so the ranking's numbers live in one place (Python). Every step mirrors the Python
 * function of the same name; tests/test_planner.py runs both on random requests and compares
 * the stops, their order, scores, distances and reasons exactly. Change one, change the other.
 * Loaded as window.pracbaseVisit in the browser, as a module in Node (the parity test). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.pracbaseVisit = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* Python's round(x, digits): the exact value of x rounded half to even, read back. */
  function pyRound(x, digits) {
    var negative = x < 0 || Object.is(x, -0);
    var text = Math.abs(x).toFixed(60);
    var point = text.indexOf(".");
    var kept = text.slice(0, point) + text.slice(point + 1, point + 1 + digits);
    var rest = text.slice(point + 1 + digits);
    var up;
    if (/^5(0*)$/.test(rest)) up = Number(kept[kept.length - 1]) % 2 === 1;
    else up = rest[0] >= "5";
    var digitsList = kept.split("").map(Number);
    if (up) {
      var i = digitsList.length - 1;
      while (i >= 0 && digitsList[i] === 9) { digitsList[i] = 0; i--; }
      if (i < 0) digitsList.unshift(1); else digitsList[i] += 1;
    }
    var all = digitsList.join("");
    var whole = all.slice(0, all.length - digits) || "0";
    var value = Number(whole + (digits ? "." + all.slice(all.length - digits) : ""));
    return negative ? -value : value;
  }

  /* pracbase.geo.distance_km: great-circle distance (haversine), as Python computes it. */
  function distanceKm(data, a, b) {
    var toRad = Math.PI / 180.0;
    var lat1 = a.lat * toRad, lat2 = b.lat * toRad;
    var dlat = lat2 - lat1, dlon = (b.lon - a.lon) * toRad;
    var s1 = Math.sin(dlat / 2), s2 = Math.sin(dlon / 2);
    var h = s1 * s1 + Math.cos(lat1) * Math.cos(lat2) * s2 * s2;
    return 2 * data.constants.earth_radius_km * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }

  function weightOf(data, kind) {
    var table = data.weights[kind] || {};
    return function (value) {
      return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : data.default_weight;
    };
  }

  function intersect(a, b) {
    var set = new Set(b);
    return Array.from(new Set(a)).filter(function (x) { return set.has(x); }).sort();
  }

  function sum(values) {
    var total = 0;
    values.forEach(function (v) { total += v; });
    return total;
  }

  /* pracbase.graph.overlap: a weighted cosine of two sets. */
  function overlap(first, second, weight) {
    var shared = intersect(first, second);
    if (!shared.length) return 0.0;
    var a = Array.from(new Set(first)).sort(), b = Array.from(new Set(second)).sort();
    return sum(shared.map(weight)) / Math.sqrt(sum(a.map(weight)) * sum(b.map(weight)));
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function rarestFirst(values, weight) {
    return values.slice().sort(function (x, y) { return (weight(y) - weight(x)) || compare(x, y); });
  }

  /* A request from a page address: ?from=…&theme=…&theme=…&level=…&concern=…&near=…&radius_km=…&days=… */
  function requestFromParams(params) {
    var radius = params.get("radius_km");
    var days = params.get("days");
    return {
      from_city: params.get("from") || null,
      themes: params.getAll("theme").filter(Boolean),
      level: params.get("level") || null,
      concerns: params.getAll("concern").filter(Boolean),
      near: params.get("near") || null,
      region: params.get("region") || null,
      radius_km: radius ? Number(radius) : null,
      days: days ? Number(days) : 3
    };
  }

  function unique(values) { return Array.from(new Set(values)); }

  /* PlanError: a request the planner cannot answer, with the words to say why. */
  function PlanError(key, values) { this.key = key; this.values = values || {}; }

  /* pracbase.visit.plan_visit: the route (stops by day) and the other hosts. */
  function planVisit(data, words, request) {
    var C = data.constants, points = C.practice_points;
    var cityById = {};
    data.cities.forEach(function (c) { cityById[c.id] = c; });
    function city(id) {
      if (!cityById[id]) throw new PlanError("unknown-city", { value: id });
      return cityById[id];
    }
    function known(kind, value) {
      if (!words.labels[kind] || !(value in words.labels[kind])) throw new PlanError("unknown-" + kind, { value: value });
      return value;
    }
    var days = request.days === undefined || request.days === null ? 3 : request.days;
    var radiusKm = request.radius_km === undefined ? null : request.radius_km;
    var visitor = request.from_city ? city(request.from_city) : null;
    var nearCity = request.near ? city(request.near) : null;
    var wanted = unique((request.themes || []).map(function (t) { return known("themes", t); }));
    var level = request.level ? known("levels", request.level) : null;
    var concerns = unique((request.concerns || []).map(function (c) { return known("concerns", c); }));
    var region = request.region ? known("regions", request.region) : null;
    if (!(days >= 1) || Math.floor(days) !== days) throw new PlanError("bad-days", { value: "days=" + days });
    if (radiusKm !== null && !(radiusKm > 0)) throw new PlanError("bad-radius", { value: "radius_km=" + radiusKm });
    if (radiusKm !== null && nearCity === null && visitor === null) throw new PlanError("radius-without-centre");
    var centre = nearCity || (radiusKm !== null ? visitor : null);
    if (centre !== null && radiusKm === null) radiusKm = C.default_radius_km;

    var needs = visitor;
    var filtered = Boolean(wanted.length || level || concerns.length);
    var wConcerns = weightOf(data, "concerns"), wThemes = weightOf(data, "themes");

    function practiceScore(p) {
      if ((wanted.length && !intersect(wanted, p.themes).length) || (level && p.levels.indexOf(level) < 0) ||
          (concerns.length && !intersect(concerns, p.concerns).length)) return null;
      var score = wanted.length ? points.theme * intersect(wanted, p.themes).length : points.unfiltered;
      if (needs !== null) {
        if (!filtered && !(intersect(needs.concerns, p.concerns).length || intersect(needs.themes, p.themes).length)) {
          return null;
        }
        score += points.shared_concerns * overlap(needs.concerns, p.concerns, wConcerns);
        if (!wanted.length) score += points.shared_themes * overlap(needs.themes, p.themes, wThemes);
      }
      if (p.evaluation >= 0) score += points.evaluated;
      if (p.short_entry) score += points.short_entry;
      if (p.planned) score += points.planned;
      return score;
    }

    var byCity = {}, order = [];
    data.practices.forEach(function (practice) {
      var score = practiceScore(practice);
      if (score === null) return;
      practice.cities.forEach(function (cityId) {
        var c = cityById[cityId];
        if (c.kind === "group" || (visitor && cityId === visitor.id) || (region && c.region !== region)) return;
        if (centre !== null && radiusKm !== null && distanceKm(data, centre, c) > radiusKm) return;
        if (!byCity[cityId]) { byCity[cityId] = []; order.push(cityId); }
        byCity[cityId].push([score, practice]);
      });
    });

    var hosts = order.map(function (cityId) {
      var found = byCity[cityId];
      found.sort(function (x, y) { return (y[0] - x[0]) || compare(x[1].id, y[1].id); });
      var score = 0;
      found.forEach(function (sp, i) { score += sp[0] / (i + 1); });
      if (needs !== null) score += C.peer_bonus * data.peers[visitor.id][cityId] / 100;
      return { score: pyRound(score, 2), city: cityById[cityId], practices: found.map(function (sp) { return sp[1]; }) };
    });
    hosts.sort(function (x, y) { return (y.score - x.score) || compare(x.city.id, y.city.id); });

    var chosen = bestGroup(data, hosts, C.stops_per_day * days);
    var route = nearestNeighbour(data, chosen, centre || visitor || (chosen.length ? chosen[0] : null));
    var hops = [];
    for (var i = 1; i < route.length; i++) hops.push(distanceKm(data, route[i - 1], route[i]));
    var dayOf = splitDays(C.stops_per_day, route.length, hops, days);
    var rankOf = {};
    hosts.forEach(function (h, i) { rankOf[h.city.id] = [i + 1, h]; });
    var reference = centre || visitor;

    function stop(c, day, hop) {
      var found = rankOf[c.id], host = found[1];
      return {
        city: c.id, name: words.cities[c.id], country: c.country, day: day, rank: found[0], score: host.score,
        practices: host.practices.map(function (p) { return p.id; }),
        reasons: stopReasons(data, words, c, host.practices, wanted, level, concerns, visitor, reference),
        languages: c.languages,
        language_names: c.languages.map(function (code) { return words.languages[code] || code; }),
        hop_km: hop === null ? null : pyRound(hop, 1),
        distance_km: reference ? pyRound(distanceKm(data, reference, c), 1) : null
      };
    }

    var stops = route.map(function (c, i) { return stop(c, dayOf[i], i ? hops[i - 1] : null); });
    var onRoute = new Set(route.map(function (c) { return c.id; }));
    var others = hosts.filter(function (h) { return !onRoute.has(h.city.id); })
      .slice(0, Math.max(C.alternatives, 0))
      .map(function (h) { return stop(h.city, null, null); });
    return {
      stops: stops, others: others, days: days, themes: wanted, level: level, concerns: concerns,
      from_city: visitor ? visitor.id : null, near: nearCity ? nearCity.id : null, centre: centre ? centre.id : null,
      radius_km: radiusKm, region: region, route_km: pyRound(sum(hops), 1)
    };
  }

  /* pracbase.visit._best_group */
  function bestGroup(data, hosts, size) {
    var C = data.constants;
    var best = [-1.0, []];
    var pool = hosts.slice(0, C.route_pool);
    for (var anchor = 0; anchor < Math.min(pool.length, C.route_anchors); anchor++) {
      var group = [pool[anchor]];
      for (var k = 0; k < pool.length; k++) {
        var candidate = pool[k];
        if (group.length === size) break;
        if (candidate !== pool[anchor] && group.every(function (member) {
          return distanceKm(data, candidate.city, member.city) <= C.max_hop_km;
        })) group.push(candidate);
      }
      var total = 0;
      group.forEach(function (h) { total += h.score; });
      if (total > best[0] + 1e-9) {
        best = [total, group.slice().sort(function (x, y) {
          return (y.score - x.score) || compare(x.city.id, y.city.id);
        }).map(function (h) { return h.city; })];
      }
    }
    return best[1];
  }

  /* pracbase.visit._split_days: the route cut at its longest hops into min(days, n) days. */
  function splitDays(perDay, n, hops, days) {
    var result = [];
    if (n <= 1) { for (var s = 0; s < n; s++) result.push(1); return result; }
    var k = Math.min(days, n);
    var best = { "0,0": [0.0, []] };
    function better(a, b) { // Python's max by (km, sizes): is a greater than b?
      if (a[0] !== b[0]) return a[0] > b[0];
      for (var i = 0; i < Math.min(a[1].length, b[1].length); i++) {
        if (a[1][i] !== b[1][i]) return a[1][i] > b[1][i];
      }
      return a[1].length > b[1].length;
    }
    for (var i = 1; i <= n; i++) {
      for (var j = 1; j <= k; j++) {
        var chosen = null;
        for (var size = 1; size <= perDay; size++) {
          var prev = best[(i - size) + "," + (j - 1)];
          if (prev !== undefined) {
            var cut = i - size > 0 ? hops[i - size - 1] : 0.0;
            var option = [prev[0] + cut, prev[1].concat([size])];
            if (chosen === null || better(option, chosen)) chosen = option;
          }
        }
        if (chosen !== null) best[i + "," + j] = chosen;
      }
    }
    best[n + "," + k][1].forEach(function (size, d) { for (var t = 0; t < size; t++) result.push(d + 1); });
    return result;
  }

  /* pracbase.visit._nearest_neighbour */
  function nearestNeighbour(data, cities, start) {
    var left = cities.slice(), route = [];
    var here = start;
    while (left.length) {
      var next = null, nextKm = 0;
      left.forEach(function (c) {
        var km = here ? distanceKm(data, here, c) : 0.0;
        if (next === null || km < nextKm || (km === nextKm && c.id < next.id)) { next = c; nextKm = km; }
      });
      route.push(next);
      left.splice(left.indexOf(next), 1);
      here = next;
    }
    return route;
  }

  /* pracbase.wording.Words: plural forms, lists and labels in one language. */
  function ngettext(words, key, n) {
    var forms = words.phrases[key];
    return forms[n < forms.length - 1 ? n : forms.length - 1];
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function babelList(words, items) {
    var p = words.list_patterns;
    if (!items.length) return "";
    if (items.length === 1) return items[0];
    if (items.length === 2) return format(p["2"], { 0: items[0], 1: items[1] });
    var result = format(p.start, { 0: items[0], 1: items[1] });
    items.slice(2, -1).forEach(function (item) { result = format(p.middle, { 0: result, 1: item }); });
    return format(p.end, { 0: result, 1: items[items.length - 1] });
  }

  function join(words, items) {
    var shown = items.slice(0, words.reason_items), rest = items.length - words.reason_items;
    if (rest > 0) shown = shown.concat([format(ngettext(words, "more", rest), { n: rest })]);
    if (shown.length === 1) return shown[0];
    var and = babelList(words, ["", ""]);
    if (shown.some(function (item) { return item.indexOf(",") >= 0 || item.indexOf(and) >= 0; })) {
      return shown.join(words.phrases.semicolon[0]);
    }
    var split = shown.map(function (item) { return item.split(" "); });
    var side = rest <= 0 && split.every(function (w) { return w.length > 1; }) ? words.shared_word : null;
    if (side === "last" && new Set(split.map(function (w) { return w[w.length - 1]; })).size === 1) {
      return babelList(words, split.map(function (w) { return w.slice(0, -1).join(" "); })) + " " +
        split[0][split[0].length - 1];
    }
    if (side === "first" && new Set(split.map(function (w) { return w[0]; })).size === 1) {
      return split[0][0] + " " + babelList(words, split.map(function (w) { return w.slice(1).join(" "); }));
    }
    return babelList(words, shown);
  }

  /* pracbase.geo.km_text: whole kilometres (rounded for data first), grouped the language's way. */
  function kmText(words, km) {
    var whole = Math.floor(pyRound(km, 1) + 0.5);
    var digits = String(Math.abs(whole));
    if (digits.length >= words.group_from) digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, words.group);
    return (whole < 0 ? "-" : "") + digits;
  }

  /* pracbase.visit._stop_reasons: each reason as {kind, values, text}. */
  function stopReasons(data, words, c, practices, wanted, level, concerns, visitor, reference) {
    var n = practices.length;
    function labels(kind, values) {
      return join(words, values.map(function (v) { return words.labels[kind][v] || v; }));
    }
    var reasons = [];
    function add(kind, values, text) { reasons.push({ kind: kind, values: values, text: text }); }
    if (wanted.length) {
      var covered = wanted.filter(function (t) { return practices.some(function (p) { return p.themes.indexOf(t) >= 0; }); });
      add("themes", covered, format(ngettext(words, "practices-on", n), { n: n, items: labels("themes", covered) }));
    } else {
      add("practices", practices.map(function (p) { return p.id; }), format(ngettext(words, "matching", n), { n: n }));
    }
    if (level) add("levels", [level], format(words.phrases.level[0], { items: labels("levels", [level]) }));
    if (concerns.length) {
      var addressed = concerns.filter(function (x) {
        return practices.some(function (p) { return p.concerns.indexOf(x) >= 0; });
      });
      add("concerns", addressed, format(words.phrases.addresses[0], { items: labels("concerns", addressed) }));
    }
    if (visitor !== null) {
      var name = words.cities[visitor.id];
      var theirs = [];
      practices.forEach(function (p) { theirs = theirs.concat(p.concerns); });
      var common = intersect(visitor.concerns, theirs);
      if (common.length) {
        var values = rarestFirst(common, weightOf(data, "concerns"));
        add("needs", values, format(words.phrases.faces[0], { items: labels("concerns", values), city: name }));
      }
      if (!wanted.length) {
        var themes = [];
        practices.forEach(function (p) { themes = themes.concat(p.themes); });
        common = intersect(visitor.themes, themes);
        if (common.length) {
          values = rarestFirst(common, weightOf(data, "themes"));
          add("needs_themes", values, format(words.phrases["works-on"][0], { items: labels("themes", values), city: name }));
        }
      }
      var projects = intersect(visitor.projects, c.projects);
      if (projects.length) {
        values = rarestFirst(projects, weightOf(data, "projects"));
        add("projects", values, format(words.phrases.project[0], { items: labels("projects", values), city: name }));
      }
    }
    var best = practices[0];
    practices.forEach(function (p) { if (p.evaluation > best.evaluation) best = p; });
    if (best.evaluation >= 0) {
      add("evaluation", [best.id], format(words.phrases.evaluation[0], {
        items: words.evidence[data.constants.evaluated[best.evaluation]], title: words.practices[best.id]
      }));
    }
    if (reference !== null && reference.id !== c.id) {
      var km = distanceKm(data, reference, c);
      add("distance", [km.toFixed(1)], format(words.phrases.distance[0], {
        km: kmText(words, km), city: words.cities[reference.id]
      }));
    }
    return reasons;
  }

  return {
    planVisit: planVisit, requestFromParams: requestFromParams, PlanError: PlanError, distanceKm: distanceKm,
    kmText: kmText, join: join, format: format, pyRound: pyRound
  };
});
