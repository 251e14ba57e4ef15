/* pracbase explorer: filter every practice by level, theme, concern, target group, region
 * and country at once, with live counts per value; the filters live in the URL query string.
 * Plain JavaScript, no dependency. Does nothing on pages without #pb-explorer.
 * Within a facet, checked values are alternatives (OR); across facets, all must match (AND). */
(function () {
  "use strict";

  var PAGE = 50; // practices shown at first, and added by "show more"

  var siteRoot = window.pracbase.siteRoot;
  var format = window.pracbase.format;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ø/g, "o")
      .replace(/ł/g, "l").toLowerCase();
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function Explorer(root, data) {
    this.root = root;
    this.data = data;
    this.base = siteRoot();
    this.lang = root.dataset.lang || document.documentElement.lang || "en";
    this.plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(this.lang) : null;
    this.number = window.Intl ? new Intl.NumberFormat(this.lang).format : String;
    this.shown = PAGE;
    this.facets = data.facets;
    this.labels = {};
    this.selected = {};
    this.boxes = {};
    var self = this;
    data.practices.forEach(function (p) {
      p._text = fold(p.title + " " + p.cities.map(function (id) { return self.cityName(id); }).join(" "));
    });
    this.facets.forEach(function (facet) {
      self.labels[facet.key] = {};
      facet.values.forEach(function (v) { self.labels[facet.key][v.id] = v.label; });
    });
  }

  Explorer.prototype.cityName = function (id) {
    if (!this.cityNames) {
      var names = {};
      this.data.cities.forEach(function (c) { names[c.id] = c.name; });
      this.cityNames = names;
    }
    return this.cityNames[id] || id;
  };

  Explorer.prototype.build = function () {
    var self = this;
    var form = this.root.querySelector(".pb-explorer__filters");
    var narrow = window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches;
    this.query = form.querySelector("#pb-q");
    this.facets.forEach(function (facet) {
      var details = form.querySelector('[data-facet="' + facet.key + '"]');
      if (!details) return;
      if (narrow) details.open = false; // on a phone, the results stay in sight
      var list = details.querySelector(".pb-facet__values");
      self.boxes[facet.key] = {};
      facet.values.forEach(function (value) {
        var id = "pb-" + facet.param + "-" + value.id;
        var box = el("input", { type: "checkbox", id: id, name: facet.param, value: value.id });
        var count = el("span", { "class": "pb-facet__count" });
        var label = el("label", { "for": id, "class": "pb-facet__value" },
          [box, el("span", { "class": "pb-facet__label", text: value.label }), count]);
        self.boxes[facet.key][value.id] = { box: box, count: count, label: label };
        list.appendChild(label);
      });
    });
    form.addEventListener("change", function () { self.readForm(); self.update(true); });
    this.query.addEventListener("input", function () { self.readForm(); self.update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { self.readForm(); self.update(true); }, 0);
    });
    this.more = this.root.querySelector(".pb-explorer__more");
    this.more.addEventListener("click", function () {
      var first = self.shown;
      self.shown += PAGE;
      self.render();
      var link = self.list.children[first] && self.list.children[first].querySelector("a");
      if (link) link.focus();
    });
    this.list = this.root.querySelector(".pb-explorer__list");
    this.status = this.root.querySelector(".pb-explorer__count");
    window.addEventListener("popstate", function () { self.readUrl(); self.update(false); });
    this.readUrl();
    this.update(false);
  };

  /* The URL query string → the form. Unknown values are ignored. */
  Explorer.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.facets.forEach(function (facet) {
      var wanted = params.getAll(facet.param).join(",").split(",");
      var boxes = self.boxes[facet.key] || {};
      Object.keys(boxes).forEach(function (id) { boxes[id].box.checked = wanted.indexOf(id) >= 0; });
      var details = self.root.querySelector('[data-facet="' + facet.key + '"]');
      if (details && wanted.some(function (id) { return id in boxes; })) details.open = true;
    });
    this.query.value = params.get("q") || "";
    this.readForm();
  };

  /* The form → this.selected and this.words. */
  Explorer.prototype.readForm = function () {
    var self = this;
    this.facets.forEach(function (facet) {
      var boxes = self.boxes[facet.key] || {};
      self.selected[facet.key] = Object.keys(boxes).filter(function (id) { return boxes[id].box.checked; });
    });
    this.words = fold(this.query.value).split(/\s+/).filter(Boolean);
  };

  Explorer.prototype.writeUrl = function () {
    var params = new URLSearchParams();
    var self = this;
    this.facets.forEach(function (facet) {
      self.selected[facet.key].forEach(function (id) { params.append(facet.param, id); });
    });
    if (this.query.value.trim()) params.set("q", this.query.value.trim());
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  /* Facets a practice fails (by index), or -1 if it fails the words. */
  Explorer.prototype.failures = function (practice) {
    for (var w = 0; w < this.words.length; w++) {
      if (practice._text.indexOf(this.words[w]) < 0) return -1;
    }
    var failed = [];
    for (var i = 0; i < this.facets.length; i++) {
      var want = this.selected[this.facets[i].key];
      if (!want.length) continue;
      var has = practice[this.facets[i].key];
      var ok = false;
      for (var j = 0; j < want.length && !ok; j++) ok = has.indexOf(want[j]) >= 0;
      if (!ok) failed.push(i);
    }
    return failed;
  };

  Explorer.prototype.update = function (toUrl) {
    var self = this;
    var counts = this.facets.map(function () { return {}; });
    this.matches = [];
    this.data.practices.forEach(function (practice) {
      var failed = self.failures(practice);
      if (failed === -1 || failed.length > 1) return;
      self.facets.forEach(function (facet, i) {
        // A value's count: the practices matching every other facet that have this value.
        if (failed.length === 1 && failed[0] !== i) return;
        practice[facet.key].forEach(function (id) { counts[i][id] = (counts[i][id] || 0) + 1; });
      });
      if (!failed.length) self.matches.push(practice);
    });
    this.facets.forEach(function (facet, i) {
      var boxes = self.boxes[facet.key] || {};
      Object.keys(boxes).forEach(function (id) {
        var n = counts[i][id] || 0;
        boxes[id].count.textContent = self.number(n);
        boxes[id].label.classList.toggle("pb-facet__value--empty", n === 0 && !boxes[id].box.checked);
      });
      var details = self.root.querySelector('[data-facet="' + facet.key + '"] .pb-facet__selected');
      if (details) details.textContent = self.selected[facet.key].length ? " (" + self.selected[facet.key].length + ")" : "";
    });
    this.shown = PAGE;
    this.render();
    if (toUrl) this.writeUrl();
  };

  Explorer.prototype.render = function () {
    var self = this;
    var n = this.matches.length;
    var category = this.plural ? this.plural.select(n) : (n === 1 ? "one" : "other");
    var template = category === "one" ? this.root.dataset.one : this.root.dataset.other;
    this.status.textContent = n ? format(template, { n: this.number(n), total: this.number(this.data.total) }) : this.root.dataset.none;
    var fragment = document.createDocumentFragment();
    this.matches.slice(0, this.shown).forEach(function (practice) { fragment.appendChild(self.item(practice)); });
    this.list.textContent = "";
    this.list.appendChild(fragment);
    this.more.hidden = n <= this.shown;
  };

  Explorer.prototype.item = function (practice) {
    var self = this;
    var link = el("a", { href: new URL(practice.url, this.base).href, text: practice.title });
    var title = el("span", { "class": "pb-explorer__title" }, [link]);
    if (practice.title_lang) {
      link.setAttribute("lang", practice.title_lang);
      title.appendChild(el("abbr", { "class": "pb-explorer__lang", title: this.root.dataset.fallback,
        text: practice.title_lang.toUpperCase() }));
    }
    var places = practice.cities.map(function (id) { return self.cityName(id); }).join(", ");
    var countries = practice.countries.map(function (code) { return self.labels.countries[code] || code; });
    var levels = practice.levels.map(function (id) { return self.labels.levels[id] || id; });
    var parts = [
      title,
      el("span", { "class": "pb-explorer__places", text: places + " (" + countries.join(", ") + ")" }),
      el("span", { "class": "pb-explorer__levels", text: levels.join(" · ") })
    ];
    if (practice.stale_since) {
      parts.push(el("span", { "class": "pb-explorer__stale pb-stale",
        text: format(this.root.dataset.stale, { date: practice.stale_since }) }));
    }
    return el("li", { "class": "pb-explorer__item" }, parts);
  };

  function init() {
    var root = document.getElementById("pb-explorer");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var status = root.querySelector(".pb-explorer__count");
    fetch(new URL(root.dataset.src, siteRoot()).href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { new Explorer(root, data).build(); root.classList.add("pb-explorer--ready"); })
      .catch(function () { status.textContent = root.dataset.error; });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
