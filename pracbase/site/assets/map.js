/* pracbase map: every city as a marker linking to its page, drawn with the site's own copies
 * of Leaflet and Leaflet.markercluster (loaded only on the map page). Cities closer than a
 * finger's width at the current zoom share one numbered marker, which zooms in when
 * selected; every marker is a 44 px target; buttons above the map zoom to each continent.
 * Tiles come from OpenStreetMap; when they cannot load, the markers still work and a note
 * points to the list of cities below the map. Does nothing on pages without #pb-map.
 * On the transfers page (data-transfers: [{from, to, label}] city ids), only the cities of a
 * transfer are shown, with a line from the origin's city to the adopter's, ending in a dot. */
(function () {
  "use strict";

  var TARGET = 44; // px: the smallest marker a finger selects reliably (WCAG 2.5.5)
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var COUNTRIES = "assets/pracbase/vendor/world-atlas/countries-110m.json";

  var siteRoot = window.pracbase.siteRoot;
  var format = window.pracbase.format;
  var loadLeaflet = window.pracbase.loadLeaflet;

  /* The polygons of a TopoJSON object, as Leaflet [lat, lon] rings. */
  function topoPolygons(topo, name) {
    var t = topo.transform;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (point) {
        x += point[0];
        y += point[1];
        return [y * t.scale[1] + t.translate[1], x * t.scale[0] + t.translate[0]];
      });
    });
    function ring(indices) {
      var points = [];
      indices.forEach(function (i) {
        var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        arc.forEach(function (point, k) { if (k || !points.length) points.push(point); });
      });
      // Rings crossing the antimeridian (Russia, Fiji) continue past ±180° instead of across the map.
      for (var k = 1; k < points.length; k++) {
        var jump = points[k][1] - points[k - 1][1];
        if (Math.abs(jump) > 180) points[k] = [points[k][0], points[k][1] - 360 * Math.round(jump / 360)];
      }
      return points;
    }
    var polygons = [];
    topo.objects[name].geometries.forEach(function (geometry) {
      if (geometry.type === "Polygon") polygons.push(geometry.arcs.map(ring));
      else if (geometry.type === "MultiPolygon") geometry.arcs.forEach(function (p) { polygons.push(p.map(ring)); });
    });
    return polygons;
  }

  /* Without tiles, draw the countries (Natural Earth, shipped with the site) under the markers. */
  function drawCountries(map, L, root) {
    fetch(new URL(COUNTRIES, root).href)
      .then(function (response) { return response.json(); })
      .then(function (topo) {
        map.getContainer().classList.add("pb-map--offline");
        L.polygon(topoPolygons(topo, "countries"), {
          interactive: false, color: "#8a8f98", weight: 0.6, fillColor: "#fff", fillOpacity: 1
        }).addTo(map).bringToBack();
        map.attributionControl.addAttribution("Natural Earth");
      })
      .catch(function () { /* the note and the list are enough */ });
  }

  function draw(node, data, L, root) {
    var lang = node.dataset.lang || document.documentElement.lang || "en";
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    var number = window.Intl ? new Intl.NumberFormat(lang).format : String;
    function say(one, other, n) {
      return format((plural ? plural.select(n) : (n === 1 ? "one" : "other")) === "one" ? one : other,
        { n: number(n) });
    }
    node.classList.add("pb-map--ready");
    node.setAttribute("role", "region");
    node.setAttribute("aria-label", node.dataset.label);
    var map = L.map(node, { scrollWheelZoom: false, worldCopyJump: true });
    var failures = 0;
    L.tileLayer(TILES, {
      maxZoom: 18,
      attribution: '<a href="https://www.openstreetmap.org/copyright">' + node.dataset.attribution + "</a>"
    }).on("tileerror", function () {
      failures += 1;
      if (failures === 3) {
        var note = document.createElement("p");
        note.className = "pb-map__note";
        note.setAttribute("role", "status");
        note.textContent = node.dataset.tilesFailed;
        node.parentNode.insertBefore(note, node.nextSibling);
        drawCountries(map, L, root);
      }
    }).addTo(map);
    var transfers = node.dataset.transfers ? JSON.parse(node.dataset.transfers) : null;
    if (transfers) data = restrict(data, transfers);
    var all = data.cities.map(function (city) { return [city.lat, city.lon]; });
    function show(points) {
      if (points.length) map.fitBounds(points, { padding: [TARGET / 2, TARGET / 2], maxZoom: 9 });
      else map.setView([50, 10], 4);
    }
    show(all);
    zoomButtons(node, data, show, all);
    var clusters = L.markerClusterGroup({
      maxClusterRadius: TARGET, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        // Leaflet makes the marker a button: its text is its name ("3 cities: zoom in").
        var n = cluster.getChildCount();
        var label = say(node.dataset.clusterOne, node.dataset.clusterOther, n);
        return L.divIcon({ className: "pb-map__cluster", iconSize: [TARGET, TARGET],
          html: '<span aria-hidden="true">' + number(n) + '</span><span class="pb-visually-hidden">'
            + label.replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }) + "</span>" });
      }
    });
    clusters.on("clusterkeypress", function (event) {
      // Leaflet.markercluster zooms on Enter only; Space, like a button, does the same.
      var key = event.originalEvent && event.originalEvent.key;
      if (key === " ") event.layer.zoomToBounds({ padding: [TARGET, TARGET] });
    });
    data.cities.forEach(function (city) {
      var n = city.practices;
      var link = document.createElement("a");
      link.href = new URL(city.url, root).href;
      link.textContent = city.name;
      var popup = document.createElement("div");
      popup.className = "pb-map__popup";
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(city.country_name + " · " + say(node.dataset.one, node.dataset.other, n)));
      var size = Math.round(Math.min(24, 12 + 3 * Math.sqrt(n)));
      // The dot shows the number of practices; the marker around it is a full finger's width.
      var icon = L.divIcon({ className: "pb-map__marker", iconSize: [TARGET, TARGET],
        html: '<span class="pb-map__dot" style="width:' + size + "px;height:" + size + 'px"></span>' });
      var marker = L.marker([city.lat, city.lon], { icon: icon, title: city.name, alt: city.name, riseOnHover: true })
        .bindPopup(popup);
      marker.on("add", function () { marker.getElement().setAttribute("aria-label", city.name); });
      clusters.addLayer(marker);
    });
    map.addLayer(clusters);
    if (transfers) drawTransfers(map, L, data, transfers);
  }

  /* The explorer's data reduced to the cities of the transfers. */
  function restrict(data, transfers) {
    var wanted = {};
    transfers.forEach(function (t) { wanted[t.from] = true; wanted[t.to] = true; });
    var cities = data.cities.filter(function (city) { return wanted[city.id]; });
    return { cities: cities, continents: (data.continents || []).filter(function (continent) {
      return cities.some(function (city) { return city.continent === continent.id; });
    }) };
  }

  /* A line from each origin's city to each adopter's city, ending in a dot at the adopter. */
  function drawTransfers(map, L, data, transfers) {
    var byId = {};
    data.cities.forEach(function (city) { byId[city.id] = city; });
    transfers.forEach(function (t) {
      var a = byId[t.from], b = byId[t.to];
      if (!a || !b) return;
      L.polyline([[a.lat, a.lon], [b.lat, b.lon]], { color: "#a3225c", weight: 3, opacity: 0.85,
        className: "pb-map__transfer" }).bindTooltip(t.label, { sticky: true }).addTo(map);
      L.circleMarker([b.lat, b.lon], { radius: 5, color: "#a3225c", fillColor: "#a3225c", fillOpacity: 1,
        interactive: false }).addTo(map);
    });
  }

  /* "Whole world", then a button per continent with cities: each fits the map to its cities. */
  function zoomButtons(node, data, show, all) {
    var bar = document.createElement("div");
    bar.className = "pb-map__zones";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", node.dataset.zoom);
    function button(label, points) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "pb-map__zone";
      element.textContent = label;
      element.addEventListener("click", function () { show(points); });
      bar.appendChild(element);
    }
    button(node.dataset.world, all);
    (data.continents || []).forEach(function (continent) {
      button(continent.label, data.cities.filter(function (city) { return city.continent === continent.id; })
        .map(function (city) { return [city.lat, city.lon]; }));
    });
    node.parentNode.insertBefore(bar, node);
  }

  function init() {
    var node = document.getElementById("pb-map");
    if (!node || node.dataset.ready) return;
    node.dataset.ready = "1";
    var root = siteRoot();
    Promise.all([
      fetch(new URL(node.dataset.src, root).href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }),
      loadLeaflet(root, true)
    ]).then(function (results) { draw(node, results[0], results[1], root); })
      .catch(function () { node.hidden = true; });
  }

  // The planner's route map (planner.js) draws the same borders when its tiles fail.
  window.pracbase.drawCountries = drawCountries;

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
