/* pracbase: the Contribute page's form (pracbase.site.contribute). Plain JavaScript, no server.
 * Builds a practice's YAML from the form, checks it against the practice's JSON Schema (the
 * schema itself, carried in contribute.json: the rules are read from it, none is copied here),
 * and offers the text to copy, or GitHub's "new file" page when the site names its repository
 * (mkdocs.yml's repo_url, given by overrides/main.html as this script's data-repo). */
(function () {
  "use strict";

  var script = document.currentScript;
  var repo = script ? (script.dataset.repo || "") : "";
  var root = document.querySelector(".pb-contrib");
  if (!root || !window.pracbase) { return; }
  var words = root.dataset;
  var format = window.pracbase.format;
  var NEW = "\u0000new";

  /* --- a JSON Schema (draft-07) validator for the keywords pracbase's schemas use ------------ */

  var ANNOTATIONS = ["$schema", "$id", "$defs", "definitions", "title", "description", "default",
                     "examples", "enumDescriptions", "patternErrorMessage"];

  function typeOf(value) {
    if (value === null) { return "null"; }
    if (Array.isArray(value)) { return "array"; }
    if (typeof value === "number") { return Number.isInteger(value) ? "integer" : "number"; }
    return typeof value;
  }

  function resolve(rootSchema, ref) {
    if (ref.indexOf("#/") !== 0) { throw new Error("unsupported $ref " + ref); }
    return ref.slice(2).split("/").reduce(function (node, key) { return node[key]; }, rootSchema);
  }

  function validDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) { return false; }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  var FORMATS = {
    date: validDate,
    uri: function (text) { try { new URL(text); return true; } catch (e) { return false; } }
  };

  /* The errors of value against schema, each {path, keyword, limit, note}. */
  function validate(rootSchema, schema, value, path, errors) {
    function fail(keyword, limit) {
      errors.push({path: path, keyword: keyword, limit: limit, note: schema.patternErrorMessage || ""});
    }
    Object.keys(schema).forEach(function (key) {
      if (ANNOTATIONS.indexOf(key) < 0 && !(key in KEYWORDS)) {
        throw new Error("unsupported JSON Schema keyword " + key);
      }
    });
    if (schema.$ref) { validate(rootSchema, resolve(rootSchema, schema.$ref), value, path, errors); }
    var type = typeOf(value);
    if (schema.type) {
      var types = [].concat(schema.type);
      if (!types.some(function (t) { return t === type || (t === "number" && type === "integer"); })) {
        fail("type", types.join(", "));
        return;
      }
    }
    if (schema.enum && !schema.enum.some(function (v) { return JSON.stringify(v) === JSON.stringify(value); })) {
      fail("enum");
    }
    if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) { fail("enum"); }
    (schema.allOf || []).forEach(function (sub) { validate(rootSchema, sub, value, path, errors); });
    ["anyOf", "oneOf"].forEach(function (keyword) {
      if (!schema[keyword]) { return; }
      var results = schema[keyword].map(function (sub) {
        var found = [];
        validate(rootSchema, sub, value, path, found);
        return found;
      });
      var passing = results.filter(function (r) { return !r.length; }).length;
      if (keyword === "anyOf" ? passing === 0 : passing !== 1) {
        var closest = results.filter(function (r) { return r.length && r[0].keyword !== "type"; })[0];
        if (closest && passing === 0) { closest.forEach(function (e) { errors.push(e); }); } else { fail(keyword); }
      }
    });
    if (type === "string") {
      var length = Array.from(value).length;
      if ("minLength" in schema && length < schema.minLength) { fail("minLength", schema.minLength); }
      if ("maxLength" in schema && length > schema.maxLength) { fail("maxLength", schema.maxLength); }
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) { fail("pattern"); }
      if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) { fail("format", schema.format); }
    }
    if (type === "integer" || type === "number") {
      if ("minimum" in schema && value < schema.minimum) { fail("minimum", schema.minimum); }
      if ("maximum" in schema && value > schema.maximum) { fail("maximum", schema.maximum); }
    }
    if (type === "array") {
      if ("minItems" in schema && value.length < schema.minItems) { fail("minItems", schema.minItems); }
      if ("maxItems" in schema && value.length > schema.maxItems) { fail("maxItems", schema.maxItems); }
      if (schema.uniqueItems) {
        var seen = value.map(function (v) { return JSON.stringify(v); });
        if (seen.some(function (v, i) { return seen.indexOf(v) !== i; })) { fail("uniqueItems"); }
      }
      if (schema.items) {
        value.forEach(function (item, i) { validate(rootSchema, schema.items, item, path.concat([i]), errors); });
      }
    }
    if (type === "object") {
      var keys = Object.keys(value);
      var properties = schema.properties || {};
      if ("minProperties" in schema && keys.length < schema.minProperties) { fail("minProperties", schema.minProperties); }
      (schema.required || []).forEach(function (key) {
        if (!(key in value)) { errors.push({path: path.concat([key]), keyword: "required", note: ""}); }
      });
      keys.forEach(function (key) {
        if (schema.propertyNames) { validate(rootSchema, schema.propertyNames, key, path.concat([key]), errors); }
        if (key in properties) {
          validate(rootSchema, properties[key], value[key], path.concat([key]), errors);
        } else if (schema.additionalProperties === false) {
          errors.push({path: path.concat([key]), keyword: "additionalProperties", note: ""});
        } else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
          validate(rootSchema, schema.additionalProperties, value[key], path.concat([key]), errors);
        }
      });
    }
    return errors;
  }

  var KEYWORDS = {$ref: 1, type: 1, enum: 1, const: 1, allOf: 1, anyOf: 1, oneOf: 1, minLength: 1, maxLength: 1,
                  pattern: 1, format: 1, minimum: 1, maximum: 1, minItems: 1, maxItems: 1, uniqueItems: 1,
                  items: 1, properties: 1, required: 1, additionalProperties: 1, minProperties: 1,
                  propertyNames: 1};

  /* --- YAML text --------------------------------------------------------------------------- */

  var PLAIN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|\d+|0[xob][0-9a-f]*)$/;

  function scalar(value) {
    if (typeof value !== "string") { return JSON.stringify(value); }
    if ((PLAIN.test(value) && !RESERVED.test(value)) || validDate(value)) { return value; }
    return JSON.stringify(value);
  }

  function text(value, indent) {
    if (value.indexOf("\n") < 0 || /^\s/.test(value)) { return " " + scalar(value); }
    return " |\n" + value.replace(/\s+$/, "").split("\n").map(function (line) {
      return line.trim() ? indent + line.replace(/\s+$/, "") : "";
    }).join("\n");
  }

  function yaml(object) {
    var lines = [];
    Object.keys(object).forEach(function (key) {
      var value = object[key];
      if (Array.isArray(value) && value.length && typeof value[0] === "object") {
        lines.push(key + ":");
        value.forEach(function (item) {
          Object.keys(item).forEach(function (k, i) {
            var v = item[k];
            lines.push((i ? "    " : "  - ") + k + ":" + (typeof v === "string" ? text(v, "      ") : " " + scalar(v)));
          });
        });
      } else if (Array.isArray(value)) {
        lines.push(key + ": [" + value.map(scalar).join(", ") + "]");
      } else if (value && typeof value === "object") {
        lines.push(key + ":");
        Object.keys(value).forEach(function (lang) { lines.push("  " + lang + ":" + text(value[lang], "    ")); });
      } else {
        lines.push(key + ": " + scalar(value));
      }
    });
    return lines.join("\n") + "\n";
  }

  /* --- the form ---------------------------------------------------------------------------- */

  function field(name, scope) { return (scope || root).querySelector("[name='" + name + "']"); }
  function value(name, scope) { return field(name, scope).value.trim(); }
  function element(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function fill(select, entries, newLabel) {
    select.appendChild(element("option", {value: ""}, words.choose));
    entries.forEach(function (entry) { select.appendChild(element("option", {value: entry[0]}, entry[1] + " (" + entry[0] + ")")); });
    select.appendChild(element("option", {value: NEW}, newLabel));
    watch(select);
  }

  function watch(select) {
    select.addEventListener("change", function () {
      select.closest(".pb-contrib__row").querySelector("[data-new]").hidden = select.value !== NEW;
    });
  }

  function rows(group) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-group='" + group + "'] .pb-contrib__row"));
  }

  /* Cities and sources are lists: "Add" copies the first row, empty, with its own ids and numbered labels. */
  function addRow(group) {
    var box = root.querySelector("[data-group='" + group + "']");
    var first = rows(group)[0];
    var n = Math.max.apply(null, rows(group).map(function (row) { return +row.dataset.row; })) + 1;
    var row = first.cloneNode(true);
    row.dataset.row = String(n);
    Array.prototype.forEach.call(row.querySelectorAll("[id]"), function (node) { node.id += "-" + n; });
    Array.prototype.forEach.call(row.querySelectorAll("[for], [aria-describedby]"), function (node) {
      ["for", "aria-describedby"].forEach(function (name) {
        if (node.hasAttribute(name)) { node.setAttribute(name, node.getAttribute(name) + "-" + n); }
      });
    });
    /* "Source 2", then "Section cited (Source 2)": each label says which item it belongs to. */
    var labels = row.querySelectorAll("label");
    var name = format(words.numbered, {label: labels[0].textContent, n: n});
    Array.prototype.forEach.call(labels, function (label, i) {
      label.textContent = i ? format(words.ofItem, {label: label.textContent, item: name}) : name;
    });
    Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (input) { input.value = ""; });
    row.querySelector("[data-new]").hidden = true;
    var remove = element("button", {type: "button", "class": "md-button pb-contrib__remove",
                                    "aria-label": format(words.removeLabel, {item: name})}, words.remove);
    remove.addEventListener("click", function () {
      row.remove();
      box.querySelector("[data-add]").focus();
    });
    row.appendChild(remove);
    watch(row.querySelector("select"));
    box.insertBefore(row, box.querySelector("[data-add]"));
    row.querySelector("select").focus();
  }

  function localized(name) {
    var out = {};
    ["fr", "en"].forEach(function (lang) { if (value(name + "-" + lang)) { out[lang] = value(name + "-" + lang); } });
    return Object.keys(out).length ? out : undefined;
  }

  function checked(vocabulary) {
    return Array.prototype.map.call(root.querySelectorAll("[data-vocabulary='" + vocabulary + "'] input:checked"),
                                    function (box) { return box.value; });
  }

  function newSource(row) {
    var lang = data.lang === "en" ? "en" : "fr";
    var title = {};
    title[lang] = value("source-title", row);
    var source = {id: value("source-id", row), type: "web-page", language: lang, title: title,
                  publisher: value("source-publisher", row), url: value("source-url", row),
                  consulted: value("source-consulted", row)};
    Object.keys(source).forEach(function (key) { if (source[key] === "") { delete source[key]; } });
    if (!value("source-title", row)) { delete source.title; }
    return source;
  }

  function records() {
    var practice = {};
    var newCities = [];
    var cities = rows("city").map(function (row) {
      if (value("city", row) !== NEW) { return value("city", row); }
      newCities.push(value("city-id", row));
      return value("city-id", row);
    }).filter(Boolean);
    var sources = [];
    var cited = [];
    rows("source").forEach(function (row) {
      var isNew = value("source", row) === NEW;
      var id = isNew ? value("source-id", row) : value("source", row);
      if (!id && !value("section", row) && !value("page", row)) { return; }
      var entry = {source: id, section: value("section", row)};
      if (value("page", row)) { entry.page = Number(value("page", row)); }
      cited.push(entry);
      if (isNew) { sources.push(newSource(row)); }
    });
    var entries = {
      id: value("id") || undefined,
      title: localized("title"),
      summary: localized("summary"),
      description: localized("description"),
      cities: cities,
      levels: checked("levels"),
      themes: checked("themes"),
      concerns: checked("concerns"),
      target_groups: checked("target_groups"),
      sources: cited
    };
    Object.keys(entries).forEach(function (key) { if (entries[key] !== undefined) { practice[key] = entries[key]; } });
    return {practice: practice, sources: sources, newCities: newCities};
  }

  /* A text lacking one of the languages validate requires (the schema's `required` of a language map). */
  function untranslated(error) {
    var last = error.path[error.path.length - 1];
    return error.keyword === "required" && error.path.length > 1 && data.languages.indexOf(last) >= 0;
  }

  function message(error, prefix) {
    var path = untranslated(error) ? error.path.slice(0, -1) : error.path;
    var where = prefix + path.join(".");
    var template = untranslated(error) ? data.messages[error.path[error.path.length - 1]]
      : data.messages[error.keyword] || data.messages.other;
    var text = format(template, {path: where || "/", limit: error.limit === undefined ? "" : error.limit});
    return error.note ? text + " (" + error.note + ")" : text;
  }

  /* The text into node, its `command` parts as <code> (the catalogs' messages mark commands so). */
  function withCode(node, text) {
    text.split("`").forEach(function (part, i) {
      node.appendChild(i % 2 ? element("code", {}, part) : document.createTextNode(part));
    });
    return node;
  }

  function copyBlock(text, label) {
    var box = element("div", {"class": "pb-contrib__yaml"});
    var pre = element("pre", {tabindex: "0", "aria-label": label});
    pre.appendChild(element("code", {}, text));
    var button = element("button", {type: "button", "class": "md-button"}, format(words.copy, {file: label}));
    var done = element("span", {"class": "pb-contrib__copied", role: "status"});
    button.addEventListener("click", function () {
      var ok = function () { done.textContent = words.copied; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(ok, function () { selectText(pre); });
      } else { selectText(pre); }
    });
    box.appendChild(pre);
    box.appendChild(button);
    box.appendChild(done);
    return box;
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function githubNew(path, text) {
    var base = repo.replace(/\/+$/, "");
    if (!/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(base)) { return null; }
    return base + "/new/main?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(text);
  }

  function show(event) {
    event.preventDefault();
    var result = root.querySelector(".pb-contrib__result");
    result.textContent = "";
    var built = records();
    var problems = validate(data.schemas.practice, data.schemas.practice, built.practice, [], []).map(function (e) {
      return {error: e, text: message(e, "")};
    });
    built.sources.forEach(function (source) {
      problems = problems.concat(validate(data.schemas.source, data.schemas.source, source, [], []).map(function (e) {
        return {error: e, text: message(e, "sources/" + (source.id || "?") + ".yml: ")};
      }));
    });
    var missing = problems.filter(function (p) { return untranslated(p.error); });
    if (missing.length < problems.length) {
      result.appendChild(element("p", {"class": "pb-contrib__invalid"}, words.invalid));
      var list = element("ul", {"class": "pb-contrib__errors"});
      problems.forEach(function (p) { list.appendChild(element("li", {}, p.text)); });
      result.appendChild(list);
      return;
    }
    var id = built.practice.id;
    var text = yaml(built.practice);
    if (missing.length) {
      /* Only translations are missing: CONTRIBUTING's policy lets the pull request say so. */
      result.appendChild(element("p", {"class": "pb-contrib__untranslated"}, words.untranslated));
      var gaps = element("ul", {"class": "pb-contrib__missing"});
      missing.forEach(function (p) { gaps.appendChild(element("li", {}, p.text)); });
      result.appendChild(gaps);
      result.appendChild(element("p", {"class": "pb-contrib__translate"}, words.translate));
    } else {
      result.appendChild(element("p", {"class": "pb-contrib__valid"}, format(words.valid, {id: id})));
    }
    result.appendChild(copyBlock(text, "practices/" + id + ".yml"));
    var link = githubNew("practices/" + id + ".yml", text);
    if (link) {
      result.appendChild(element("p")).appendChild(element("a", {href: link, "class": "md-button md-button--primary",
        target: "_blank", rel: "noopener"}, data.messages.github));
    } else {
      result.appendChild(element("p", {"class": "pb-contrib__no-repo"}, words.noRepo));
    }
    built.sources.forEach(function (source) {
      result.appendChild(element("p", {}, format(words.sourceNote, {id: source.id})));
      result.appendChild(copyBlock(yaml(source), "sources/" + source.id + ".yml"));
    });
    built.newCities.forEach(function (city) {
      result.appendChild(withCode(element("p", {"class": "pb-contrib__city"}), format(words.cityNote, {id: city})));
    });
  }

  var data;
  fetch(new URL(words.src, window.pracbase.siteRoot()).href)
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (loaded) {
      data = loaded;
      fill(field("city"), data.cities, words.newCity);
      fill(field("source"), data.sources, words.newSource);
      Object.keys(data.vocabularies).forEach(function (name) {
        var box = root.querySelector("[data-vocabulary='" + name + "'] .pb-contrib__values");
        data.vocabularies[name].forEach(function (term) {
          var id = "pb-c-" + name + "-" + term[0];
          var label = element("label", {"for": id});
          label.appendChild(element("input", {type: "checkbox", id: id, value: term[0], name: name}));
          label.appendChild(document.createTextNode(" " + term[1]));
          box.appendChild(label);
        });
      });
      Array.prototype.forEach.call(root.querySelectorAll("[data-add]"), function (button) {
        button.addEventListener("click", function () { addRow(button.dataset.add); });
      });
      root.querySelector("form").addEventListener("submit", show);
      root.hidden = false;
    })
    .catch(function () {
      root.hidden = false;
      root.querySelector("form").hidden = true;
      root.querySelector(".pb-contrib__result").textContent = words.error;
    });
})();
