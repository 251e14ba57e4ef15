/* pracbase: the header's search box (overrides/partials/search-box.html).
 *
 * Pagefind's index of this language (<site>/pagefind/, pracbase.site.sitesearch) is
 * loaded on the box's first focus, never on page load; then each query fetches only the
 * index chunks and result fragments it needs. Results show the record type, city and
 * country (Pagefind metadata) and can be narrowed to a prevention level (a Pagefind
 * filter). A page opened with ?search=… (the home page's form) searches at once.
 */
(function () {
  "use strict";

  var SHOWN = 8;      // results shown (and fragments fetched) per query
  var DELAY = 150;    // ms of quiet typing before a query runs

  function start(form) {
    var input = form.querySelector(".pb-sitesearch__input");
    var opener = form.querySelector(".pb-sitesearch__open");
    var panel = form.querySelector(".pb-sitesearch__panel");
    var level = form.querySelector("#pb-sitesearch-level");
    var status = form.querySelector(".pb-sitesearch__status");
    var list = form.querySelector(".pb-sitesearch__results");
    var engine = null;   // the promise of Pagefind, once the box was focused
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
        return pagefind.search(query, { filters: filters });
      }).then(function (search) {
        if (number !== asked || !search) return null;
        return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
          .then(function (found) {
            if (number !== asked) return;
            status.textContent = counted(search.results.length);
            list.replaceChildren.apply(list, found.map(item));
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
