/* pracbase: what the explorer, the map and the planner share, as window.pracbase. Loaded before
 * explorer.js, map.js and planner.js (pracbase.site.explorer.EXTRA_JAVASCRIPT). Plain JavaScript. */
window.pracbase = (function () {
  "use strict";

  /* The URL of this language's site root, from Material's configuration (its "base"). */
  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  /* "{n} practices" with {n} filled from values; unknown keys are left as they are. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  var LEAFLET = "assets/pracbase/vendor/leaflet/";
  var CLUSTER = "assets/pracbase/vendor/leaflet.markercluster/";
  var loading = {};

  /* Add a <link> or <script> to the page; resolves once it has loaded. */
  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  /* The site's own copy of Leaflet (window.L), loaded once per page, from the site root `root`;
   * with `clusters`, Leaflet.markercluster too (the map page's numbered markers). */
  function loadLeaflet(root, clusters) {
    if (!loading.leaflet) {
      loading.leaflet = window.L ? Promise.resolve(window.L) : Promise.all([
        load("link", { rel: "stylesheet", href: new URL(LEAFLET + "leaflet.css", root).href }),
        load("script", { src: new URL(LEAFLET + "leaflet.js", root).href })
      ]).then(function () {
        window.L.Icon.Default.imagePath = new URL(LEAFLET + "images/", root).href;
        return window.L;
      });
    }
    if (!clusters) return loading.leaflet;
    if (!loading.clusters) {
      loading.clusters = loading.leaflet.then(function () {
        if (window.L.MarkerClusterGroup) return window.L;
        return Promise.all([
          load("link", { rel: "stylesheet", href: new URL(CLUSTER + "MarkerCluster.css", root).href }),
          load("script", { src: new URL(CLUSTER + "leaflet.markercluster.js", root).href })
        ]).then(function () { return window.L; });
      });
    }
    return loading.clusters;
  }

  return { siteRoot: siteRoot, format: format, loadLeaflet: loadLeaflet };
})();
