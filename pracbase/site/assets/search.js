/* pracbase: the header's search box (overrides/partials/search-box.html).
 *
 * Pagefind's index of this language (<site>/pagefind/, pracbase.site.sitesearch) is
 * loaded on the box's first focus, never on page load; then each query fetches only the
 * index chunks and result fragments it needs. Results show the record type, city and
 * country (Pagefind metadata) and can be narrowed to a prevention level (a Pagefind
 * filter). A page opened with ?search=… (the home page's form) searches at once.
 *
 * Pagefind matches word beginnings but does not correct typos: when a query finds fewer
 * than FEW pages, each of its words unknown to the site (pagefind/words/<letter>.json,
 * written by pracbase.site.sitesearch) is replaced by the closest known word, and the
 * results of the corrected query come first.
 */
(function () {
  "use strict";

  var SHOWN = 8;      // results shown (and fragments fetched) per query
  var DELAY = 150;    // ms of quiet typing before a query runs
  var FEW = 5;        // fewer results than this: try correcting the query's words

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/ø/g, "o").replace(/ł/g, "l");
  }

  // The optimal string alignment distance of a and b, or max + 1 when above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = [], row = [], i, j;
    var previous = [];
    for (j = 0; j <= b.length; j++) previous[j] = j;
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var lowest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row[j] = value;
        lowest = Math.min(lowest, value);
      }
      if (lowest > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  function start(form) {
    var input = form.querySelector(".pb-sitesearch__input");
    var opener = form.querySelector(".pb-sitesearch__open");
    var panel = form.querySelector(".pb-sitesearch__panel");
    var level = form.querySelector("#pb-sitesearch-level");
    var status = form.querySelector(".pb-sitesearch__status");
    var list = form.querySelector(".pb-sitesearch__results");
    var engine = null;   // the promise of Pagefind, once the box was focused
    var vocabulary = {}; // first letter → the promise of the site's words starting with it
    var timer = null;
    var asked = 0;       // the number of the latest query: older answers are dropped

    function load() {
      if (!engine) {
        var bundle = new URL(form.getAttribute("data-pb-bundle"), window.location.href).href;
        engine = import(bundle + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ excerptLength: 24 }).then(function () {
            return pagefind.init();
          }).then(function () { return pagefind; });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    function words(letter) {
      var key = /[a-z]/.test(letter) ? letter : "_";
      if (!vocabulary[key]) {
        var url = new URL(form.getAttribute("data-pb-bundle") + "words/" + key + ".json", window.location.href);
        vocabulary[key] = fetch(url).then(function (response) {
          return response.ok ? response.json() : [];
        }).catch(function () { return []; });
      }
      return vocabulary[key];
    }

    // The closest known word to term (most frequent first among equals), or term itself.
    function closest(term) {
      var word = fold(term);
      if (word.length < 4) return Promise.resolve(term);
      return words(word[0]).then(function (known) {
        var max = word.length >= 8 ? 2 : 1, best = term, found = max + 1;
        for (var k = 0; k < known.length; k++) {
          if (known[k].lastIndexOf(word, 0) === 0) return term;  // a known word begins so
          var d = distance(word, known[k], Math.min(max, found - 1));
          if (d < found) { best = known[k]; found = d; }
        }
        return best;
      });
    }

    // The query with its unknown words corrected (a quoted phrase is left as typed).
    function corrected(query) {
      if (query.indexOf('"') >= 0) return Promise.resolve(query);
      return Promise.all(query.split(/\s+/).map(closest)).then(function (terms) { return terms.join(" "); });
    }

    // Pagefind's search for query, or for its correction when that finds more.
    function find(pagefind, query, options) {
      return pagefind.search(query, options).then(function (search) {
        if (!search || search.results.length >= FEW) return { search: search, query: query };
        return corrected(query).then(function (better) {
          if (fold(better) === fold(query)) return { search: search, query: query };
          return pagefind.search(better, options).then(function (second) {
            if (!second || second.results.length === 0) return { search: search, query: query };
            var seen = {};
            second.results.forEach(function (r) { seen[r.id] = true; });
            var results = second.results.concat(search.results.filter(function (r) { return !seen[r.id]; }));
            return { search: { results: results }, query: better };
          });
        });
      });
    }

    function counted(n) {
      if (n === 0) return form.getAttribute("data-pb-none");
      var text = form.getAttribute(n === 1 ? "data-pb-one" : "data-pb-other");
      return text.replace("#", String(n));
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function item(data) {
      var li = element("li", "pb-sitesearch__result");
      var link = element("a", "pb-sitesearch__title", data.meta.title || data.url);
      link.href = data.url;
      li.appendChild(link);
      var about = [data.meta.type, data.meta.city, data.meta.country].filter(Boolean).join(" · ");
      if (about) li.appendChild(element("p", "pb-sitesearch__about", about));
      var excerpt = element("p", "pb-sitesearch__excerpt");
      excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page text and adds only <mark>
      li.appendChild(excerpt);
      return li;
    }

    function show(open) {
      panel.hidden = !open;
      form.classList.toggle("pb-sitesearch--open", open);
      opener.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function run() {
      var query = input.value.trim();
      var number = ++asked;
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      show(true);
      var filters = level.value ? { level: level.value } : {};
      load().then(function (pagefind) {
        return find(pagefind, query, { filters: filters });
      }).then(function (answer) {
        var search = answer.search;
        if (number !== asked || !search) return null;
        return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
          .then(function (found) {
            if (number !== asked) return;
            status.textContent = counted(search.results.length) + (answer.query === query ? "" :
              " · " + form.getAttribute("data-pb-corrected").replace("{query}", answer.query));
            list.replaceChildren.apply(list, found.map(item));
            list.setAttribute("data-answered", JSON.stringify([query, level.value]));  // what is shown
          });
      }).catch(function (error) {
        if (number === asked) status.textContent = String(error && error.message || error);
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DELAY);
    }

    input.addEventListener("focus", function () {
      load();
      if (input.value.trim()) show(true);
    });
    input.addEventListener("input", later);
    level.addEventListener("change", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    opener.addEventListener("click", function () {
      var open = !form.classList.contains("pb-sitesearch--active");
      form.classList.toggle("pb-sitesearch--active", open);
      if (open) input.focus(); else show(false);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        show(false);
        form.classList.remove("pb-sitesearch--active");
        input.blur();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        show(false);
        form.classList.remove("pb-sitesearch--active");
      }
    });

    var wanted = new URLSearchParams(window.location.search).get("search");
    if (wanted) {
      input.value = wanted;
      form.classList.add("pb-sitesearch--active");
      run();
    }
  }

  document.querySelectorAll(".pb-sitesearch").forEach(start);
})();
