/* pracbase: what the explorer and the map share, as window.pracbase. Loaded before
 * explorer.js and map.js (pracbase.site.explorer.EXTRA_JAVASCRIPT). Plain JavaScript. */
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

  return { siteRoot: siteRoot, format: format };
})();
