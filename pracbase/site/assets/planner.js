/* pracbase study-visit planner and city comparison: the pages' forms, read from and written to
 * the page's address (?from=…&theme=…&level=…&concern=…&near=…&radius_km=…&days=…, the options
 * of `pracbase visit`; ?city=…&city=… for the comparison), the route drawn day by day with a
 * small Leaflet map (the site's own copy), and the visit dossier for print. The ranking itself
 * is visit.js (window.pracbaseVisit). Does nothing on pages without #pb-visit or #pb-compare. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var siteRoot = window.pracbase.siteRoot;
  var format = window.pracbase.format;
  var loadLeaflet = window.pracbase.loadLeaflet;

  var loaded = {};
  function loadData(root, src) {
    var url = new URL(src, root).href;
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return loaded[url];
  }

  /* An element with a class and children (strings become text, never HTML). */
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A link; within the site by its path, so a printout does not print its address. */
  function link(href, text) {
    var a = el("a", null, [text]);
    var url = new URL(href, window.location.href);
    a.href = url.origin === window.location.origin ? url.pathname + url.search + url.hash : url.href;
    return a;
  }

  /* What was asked, in the form's own words: "Luton (United Kingdom) · Prison, … · 3". */
  function criteria(form) {
    var parts = [];
    form.querySelectorAll("select, input[type=number]").forEach(function (field) {
      if (!field.value) return;
      var label = form.querySelector('label[for="' + field.id + '"]');
      var value = field.tagName === "SELECT" ? field.options[field.selectedIndex].text : field.value;
      parts.push((label ? label.textContent.replace(/\s*\(.*\)$/, "") + " " : "") + value);
    });
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      parts.push(box.parentNode.textContent.trim());
    });
    return parts.join(" · ");
  }

  function plural(forms, n) { return forms[n === 1 ? 0 : 1]; }

  /* --- the planner ------------------------------------------------------------------------ */

  function readForm(form) {
    var params = new URLSearchParams();
    var from = form.elements.from.value;
    if (from) params.append("from", from);
    form.querySelectorAll('input[name="theme"]:checked').forEach(function (box) { params.append("theme", box.value); });
    if (form.elements.level.value) params.append("level", form.elements.level.value);
    form.querySelectorAll('input[name="concern"]:checked').forEach(function (box) { params.append("concern", box.value); });
    if (form.elements.near.value) params.append("near", form.elements.near.value);
    if (form.elements.radius_km.value) params.append("radius_km", form.elements.radius_km.value);
    if (form.elements.region.value) params.append("region", form.elements.region.value);
    params.append("days", form.elements.days.value || "3");
    return params;
  }

  function fillForm(form, params) {
    form.elements.from.value = params.get("from") || "";
    form.elements.level.value = params.get("level") || "";
    form.elements.near.value = params.get("near") || "";
    form.elements.radius_km.value = params.get("radius_km") || "";
    form.elements.region.value = params.get("region") || "";
    form.elements.days.value = params.get("days") || "3";
    var themes = params.getAll("theme"), concerns = params.getAll("concern");
    form.querySelectorAll('input[name="theme"]').forEach(function (box) { box.checked = themes.indexOf(box.value) >= 0; });
    form.querySelectorAll('input[name="concern"]').forEach(function (box) {
      box.checked = concerns.indexOf(box.value) >= 0;
    });
    if (concerns.length) form.querySelector(".pb-visit__concerns").open = true;
  }

  /* `pracbase visit …` for the same request. */
  function command(params) {
    var words = ["pracbase", "visit"];
    var names = { from: "--from", theme: "--theme", level: "--level", concern: "--concern", near: "--near",
      radius_km: "--radius-km", region: "--region", days: "--days" };
    params.forEach(function (value, key) { if (names[key]) words.push(names[key], value); });
    return words.join(" ");
  }

  function sourceText(node, source) {
    var parts = [source.title, source.publisher];
    if (source.year) parts.push(String(source.year));
    parts.push(format(node.dataset.section, { section: source.section }));
    if (source.page) parts.push(format(node.dataset.page, { page: source.page }));
    return parts.join(", ");
  }

  function drawStop(node, data, root, stop, plan, params) {
    var words = data.words, show = data.show;
    var city = show.cities[stop.city];
    var item = el("li", "pb-visit__stop");
    item.dataset.city = stop.city;
    var number = el("span", "pb-visit__number", [String(plan.stops.indexOf(stop) + 1)]);
    var heading = el("h3", null, [number, " ", link(new URL(city.url, root).href, stop.name), " (" + city.country + ")"]);
    item.appendChild(heading);
    var facts = [];
    if (stop.hop_km !== null) facts.push(format(node.dataset.hop, { km: window.pracbaseVisit.kmText(words, stop.hop_km) }));
    facts.push(format(node.dataset.languages, { items: stop.language_names.join(", ") }));
    item.appendChild(el("p", "pb-visit__facts", [facts.join(" · ")]));
    item.appendChild(el("p", "pb-visit__why", [node.dataset.why + " ",
      stop.reasons.map(function (r) { return r.text; }).join(" · ")]));
    if (city.summary) {
      item.appendChild(el("div", "pb-visit__dossier", [el("h4", null, [node.dataset.profile]),
        el("p", null, [city.summary.split("\n\n")[0]])]));
    }
    item.appendChild(el("h4", null, [node.dataset.practices]));
    var list = el("ul", "pb-visit__practices");
    stop.practices.forEach(function (id) {
      var practice = show.practices[id];
      var entry = el("li", null, [el("strong", null, [link(new URL(practice.url, root).href, words.practices[id])]),
        el("br"), practice.summary.trim()]);
      var dossier = el("div", "pb-visit__dossier");
      if (practice.partners.length) {
        dossier.appendChild(el("p", null, [el("em", null, [node.dataset.partners + " "]),
          practice.partners.join(" · ")]));
      }
      dossier.appendChild(el("p", "pb-visit__sources", [el("em", null, [node.dataset.sources + " "]),
        practice.sources.map(function (s) { return sourceText(node, s); }).join(" ; ")]));
      entry.appendChild(dossier);
      list.appendChild(entry);
    });
    item.appendChild(list);
    var learned = city.learned.slice();
    stop.practices.forEach(function (id) { learned = learned.concat(show.practices[id].learned); });
    if (learned.length) {
      var questions = el("ul");
      learned.forEach(function (text) {
        questions.appendChild(el("li", null, [format(node.dataset.question, { text: text.trim() })]));
      });
      item.appendChild(el("div", "pb-visit__dossier", [el("h4", null, [node.dataset.questions]), questions]));
    }
    var more = el("p", "pb-visit__links");
    more.appendChild(link(new URL(city.url, root).href + "#" + node.dataset.peersAnchor,
      format(node.dataset.peers, { city: stop.name })));
    if (stop.practices.length > 1) {
      var practices = new URL(show.compare, root);
      stop.practices.slice(0, 3).forEach(function (id) { practices.searchParams.append("practice", id); });
      more.appendChild(document.createTextNode(" · "));
      more.appendChild(link(practices.href, node.dataset.comparePractices));
    }
    if (plan.from_city) {
      var compare = new URL(show.compare, root);
      compare.searchParams.append("city", plan.from_city);
      compare.searchParams.append("city", stop.city);
      more.appendChild(document.createTextNode(" · "));
      more.appendChild(link(compare.href, format(node.dataset.compare, { city: words.cities[plan.from_city] })));
    }
    item.appendChild(more);
    return item;
  }

  function drawMap(node, root, data, plan) {
    var box = node.querySelector(".pb-visit__map");
    if (!plan.stops.length) { box.hidden = true; return; }
    box.hidden = false;
    box.setAttribute("role", "region");  // not "img": Leaflet puts focusable controls inside (WCAG 4.1.2)
    box.setAttribute("aria-label", node.dataset.map);
    loadLeaflet(root).then(function (L) {
      if (box._map) { box._map.remove(); box._map = null; }
      var map = L.map(box, { scrollWheelZoom: false });
      box._map = map;
      var failures = 0;
      L.tileLayer(TILES, { maxZoom: 18,
        attribution: '<a href="https://www.openstreetmap.org/copyright">' + node.dataset.attribution + "</a>" })
        .on("tileerror", function () {
          failures += 1;
          // Without tiles, the borders the map page draws (map.js), shipped with the site.
          if (failures === 3 && window.pracbase.drawCountries) window.pracbase.drawCountries(map, L, root);
        })
        .addTo(map);
      var byId = {};
      data.cities.forEach(function (c) { byId[c.id] = c; });
      var points = plan.stops.map(function (stop) { return [byId[stop.city].lat, byId[stop.city].lon]; });
      L.polyline(points, { color: "#3f51b5", weight: 3 }).addTo(map);
      plan.stops.forEach(function (stop, i) {
        var icon = L.divIcon({ className: "pb-visit__marker", iconSize: [28, 28], html: "<span>" + (i + 1) + "</span>" });
        L.marker(points[i], { icon: icon, title: stop.name, alt: stop.name, keyboard: false }).addTo(map);
      });
      map.fitBounds(points, { padding: [30, 30], maxZoom: 9 });
    }).catch(function () { box.hidden = true; });
  }

  /* A folded group of choices says what is chosen in it. */
  function showChosen(form) {
    form.querySelectorAll(".pb-visit__group").forEach(function (group) {
      var chosen = Array.prototype.map.call(group.querySelectorAll("input:checked"), function (box) {
        return box.parentNode.textContent.trim();
      });
      group.querySelector(".pb-visit__chosen").textContent = chosen.length ? " · " + chosen.join(", ") : "";
    });
  }

  function plan(node, data, root, params) {
    showChosen(node.querySelector("form"));
    var status = node.querySelector(".pb-visit__status");
    var route = node.querySelector(".pb-visit__route");
    route.textContent = "";
    var visit = window.pracbaseVisit;
    var result;
    try {
      result = visit.planVisit(data, data.words, visit.requestFromParams(params));
    } catch (e) {
      if (!(e instanceof visit.PlanError)) throw e;
      status.textContent = e.key === "radius-without-centre" ? node.dataset.radiusWithoutCentre
        : format(node.dataset.unknown, { value: e.values.value !== undefined ? e.values.value : "" });
      node.querySelector(".pb-visit__map").hidden = true;
      node.dataset.planned = "error";
      return;
    }
    var n = result.stops.length;
    status.textContent = n ? format(plural([node.dataset.stopOne, node.dataset.stopOther], n),
      { n: n, km: visit.kmText(data.words, result.route_km) }) : node.dataset.none;
    drawMap(node, root, data, result);
    if (n) {
      var byDay = {};
      result.stops.forEach(function (stop) { (byDay[stop.day] = byDay[stop.day] || []).push(stop); });
      Object.keys(byDay).sort(function (a, b) { return a - b; }).forEach(function (day) {
        var section = el("section", "pb-visit__day");
        section.appendChild(el("h2", null, [format(node.dataset.day, { n: day })]));
        var list = el("ol", "pb-visit__stops");
        byDay[day].forEach(function (stop) { list.appendChild(drawStop(node, data, root, stop, result, params)); });
        section.appendChild(list);
        route.appendChild(section);
      });
      var tools = el("p", "pb-visit__tools");
      var print = el("button", "md-button", [node.dataset.print]);
      print.type = "button";
      print.addEventListener("click", function () { window.print(); });
      tools.appendChild(print);
      var details = el("button", "md-button pb-visit__details", [node.dataset.details]);
      details.type = "button";
      details.setAttribute("aria-pressed", String(node.classList.contains("pb-visit--dossier")));
      details.addEventListener("click", function () {
        var on = node.classList.toggle("pb-visit--dossier");
        details.setAttribute("aria-pressed", String(on));
      });
      tools.appendChild(details);
      var compare = new URL(data.show.compare, root);
      result.stops.slice(0, 3).forEach(function (stop) { compare.searchParams.append("city", stop.city); });
      tools.appendChild(document.createTextNode(" "));
      tools.appendChild(link(compare.href, node.dataset.compareStops));
      route.insertBefore(tools, route.firstChild);
      route.insertBefore(el("p", "pb-visit__criteria", [criteria(node.querySelector("form"))]), tools);
    }
    if (result.others.length) {
      var others = el("section", "pb-visit__others");
      others.appendChild(el("h2", null, [node.dataset.others]));
      var list = el("ul");
      result.others.forEach(function (stop) {
        list.appendChild(el("li", null, [link(new URL(data.show.cities[stop.city].url, root).href, stop.name),
          " (" + data.show.cities[stop.city].country + "): " + stop.reasons.map(function (r) { return r.text; }).join(" · ")]));
      });
      others.appendChild(list);
      route.appendChild(others);
    }
    route.appendChild(el("p", "pb-visit__command", [node.dataset.command + " ", el("code", null, [command(params)])]));
    node.dataset.planned = String(n);
  }

  function initPlanner(node) {
    var root = siteRoot();
    var form = node.querySelector("form");
    var status = node.querySelector(".pb-visit__status");
    loadData(root, node.dataset.src).then(function (data) {
      var params = new URLSearchParams(window.location.search);
      fillForm(form, params);
      function update() {
        var chosen = readForm(form);
        history.replaceState(null, "", "?" + chosen.toString() + window.location.hash);
        plan(node, data, root, chosen);
      }
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
      form.addEventListener("change", update);
      // On a phone, a shared plan shows its route first: the long lists of choices start folded.
      if (params.toString() && window.matchMedia("(max-width: 44.9375em)").matches) {
        form.querySelectorAll(".pb-visit__group").forEach(function (group) { group.open = false; });
      }
      plan(node, data, root, params.toString() ? params : readForm(form));
    }).catch(function (error) {
      status.textContent = node.dataset.error;
      if (window.console) console.error(error);
    });
  }

  /* --- the comparison ----------------------------------------------------------------------- */

  /* The rows of a comparison: what each compared city or practice has, per kind. */
  function rowsFor(kind, data, root, node) {
    var show = data.show, words = data.words;
    var byId = {};
    data.cities.forEach(function (c) { byId[c.id] = c; });
    function label(vocabulary) { return function (v) { return (show.labels[vocabulary] && show.labels[vocabulary][v]) || v; }; }
    function list(ids, url, name) {
      return ids.map(function (id) { return link(new URL(url(id), root).href, name(id)); });
    }
    if (kind === "city") {
      var cities = show.cities;
      return {
        exists: function (id) { return Boolean(cities[id]); },
        head: function (id) { return [link(new URL(cities[id].url, root).href, words.cities[id]), el("br"), cities[id].country]; },
        sets: [
          ["concerns", node.dataset.concerns, function (id) { return cities[id].concerns; }, label("concerns")],
          ["themes", node.dataset.themes, function (id) { return cities[id].themes; }, label("themes")],
          ["levels", node.dataset.levels, function (id) { return cities[id].levels; }, label("levels")],
          ["projects", node.dataset.projects, function (id) { return cities[id].projects; }, label("projects")],
          ["networks", node.dataset.networks, function (id) { return cities[id].networks; }, label("networks")],
          ["languages", node.dataset.languages, function (id) { return byId[id].languages; },
            function (code) { return words.languages[code] || code; }]
        ],
        lists: [[node.dataset.practices, function (id) {
          return list(cities[id].practices, function (p) { return show.practices[p].url; }, function (p) { return words.practices[p]; });
        }]],
        distance: function (id) { return byId[id]; },
        name: function (id) { return words.cities[id]; }
      };
    }
    var practices = show.practices;
    return {
      exists: function (id) { return Boolean(practices[id]); },
      head: function (id) { return [link(new URL(practices[id].url, root).href, words.practices[id])]; },
      sets: [
        ["cities", node.dataset.cities, function (id) { return practices[id].cities; }, function (c) { return words.cities[c]; }],
        ["levels", node.dataset.levels, function (id) { return practices[id].levels; }, label("levels")],
        ["themes", node.dataset.themes, function (id) { return practices[id].themes; }, label("themes")],
        ["concerns", node.dataset.concerns, function (id) { return practices[id].concerns; }, label("concerns")],
        ["target_groups", node.dataset.targetGroups, function (id) { return practices[id].target_groups; },
          label("target_groups")],
        ["projects", node.dataset.projects, function (id) { return practices[id].projects; }, label("projects")],
        ["status", node.dataset.status, function (id) { return [practices[id].status]; }, label("statuses"), true],
        ["evaluation", node.dataset.evaluation, function (id) { return [practices[id].evaluation]; },
          label("evidence_levels"), true],
        ["partners", node.dataset.partners.replace(/\s*:$/, ""), function (id) { return practices[id].partners; },
          function (p) { return p; }]
      ],
      lists: [],
      distance: null,
      name: function (id) { return words.practices[id]; }
    };
  }

  function compareRecords(node, data, root, kind, ids) {
    var table = node.querySelector(".pb-compare__table");
    var status = node.querySelector(".pb-compare__status");
    table.textContent = "";
    var rows = rowsFor(kind, data, root, node);
    ids = ids.filter(function (id, i) { return rows.exists(id) && ids.indexOf(id) === i; }).slice(0, 3);
    if (ids.length < 2) { status.textContent = node.dataset.none; node.dataset.compared = "0"; return; }
    status.textContent = kind === "city" ? node.dataset.shared : node.dataset.sharedPractices;
    var grid = el("table", "pb-compare__grid");
    var head = el("tr", null, [el("td")]);
    ids.forEach(function (id) {
      var th = el("th", null, rows.head(id));
      th.scope = "col";
      head.appendChild(th);
    });
    grid.appendChild(el("thead", null, [head]));
    var body = el("tbody");
    function row(label, cells) {
      var th = el("th", null, [label]);
      th.scope = "row";
      body.appendChild(el("tr", null, [th].concat(cells)));
    }
    rows.sets.forEach(function (spec) {
      var sets = ids.map(spec[2]), name = spec[3], facts = spec[4];
      // A status or an evaluation in common ("not stated") is not something the two share.
      function everywhere(value) { return !facts && sets.every(function (s) { return s.indexOf(value) >= 0; }); }
      row(spec[1], sets.map(function (values) {
        var cell = el("td");
        cell.dataset.kind = spec[0];
        if (!values.length) { cell.textContent = node.dataset.nothing; return cell; }
        var list = el("ul");
        values.slice().sort(function (a, b) {
          return (everywhere(b) - everywhere(a)) || String(name(a)).localeCompare(String(name(b)));
        }).forEach(function (value) {
          var shared = everywhere(value);
          list.appendChild(el("li", shared ? "pb-compare__shared" : null,
            [shared ? el("mark", null, ["★ " + name(value)]) : name(value)]));
        });
        cell.appendChild(list);
        return cell;
      }));
    });
    rows.lists.forEach(function (spec) {
      row(spec[0], ids.map(function (id) {
        var items = spec[1](id);
        if (!items.length) return el("td", null, [node.dataset.nothing]);
        return el("td", null, [el("ul", null, items.map(function (item) { return el("li", null, [item]); }))]);
      }));
    });
    if (rows.distance) {
      row(node.dataset.distance, ids.map(function (id) {
        return el("td", null, [ids.filter(function (other) { return other !== id; }).map(function (other) {
          var km = window.pracbaseVisit.distanceKm(data, rows.distance(id), rows.distance(other));
          return format(node.dataset.kmFrom, { km: window.pracbaseVisit.kmText(data.words, km), city: rows.name(other) });
        }).join(" · ")]);
      }));
    }
    grid.appendChild(body);
    table.appendChild(el("div", "pb-compare__scroll", [grid]));
    var print = el("button", "md-button", [node.dataset.print]);
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    table.appendChild(el("p", "pb-compare__tools", [print]));
    node.dataset.compared = String(ids.length);
    node.dataset.kind = kind;
  }

  function initCompare(node) {
    var root = siteRoot();
    var form = node.querySelector("form");
    var selects = form.querySelectorAll("select");
    loadData(root, node.dataset.src).then(function (data) {
      var params = new URLSearchParams(window.location.search);
      var practices = params.getAll("practice");
      if (practices.length) {
        // Practices come from their pages' links; the form chooses cities.
        form.hidden = true;
        var title = document.querySelector(".md-content h1");
        if (title) title.textContent = node.dataset.titlePractices;
        compareRecords(node, data, root, "practice", practices);
        return;
      }
      var ids = params.getAll("city");
      selects.forEach(function (select, i) { select.value = ids[i] || ""; });
      function update(event) {
        if (event) event.preventDefault();
        var chosen = Array.prototype.map.call(selects, function (s) { return s.value; }).filter(Boolean);
        var next = new URLSearchParams();
        chosen.forEach(function (id) { next.append("city", id); });
        history.replaceState(null, "", "?" + next.toString());
        compareRecords(node, data, root, "city", chosen);
      }
      form.addEventListener("submit", update);
      form.addEventListener("change", function () { update(); });
      compareRecords(node, data, root, "city", ids);
    }).catch(function (error) {
      node.querySelector(".pb-compare__status").textContent = node.dataset.error;
      if (window.console) console.error(error);
    });
  }

  function init() {
    // What the page says to readers without JavaScript (the command, the city pages) is not for this one.
    if (document.getElementById("pb-visit") || document.getElementById("pb-compare")) {
      document.querySelectorAll(".pb-nojs").forEach(function (node) { node.hidden = true; });
    }
    var planner = document.getElementById("pb-visit");
    if (planner && !planner.dataset.ready) { planner.dataset.ready = "1"; initPlanner(planner); }
    var compare = document.getElementById("pb-compare");
    if (compare && !compare.dataset.ready) { compare.dataset.ready = "1"; initCompare(compare); }
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
