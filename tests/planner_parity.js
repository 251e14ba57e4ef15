/* The parity test's runner (tests/test_planner.py): plans every request of a JSON file with
 * pracbase/site/assets/visit.js on the site's planner data and prints the stops as JSON.
 * Usage: node tests/planner_parity.js DATA.json REQUESTS.json */
"use strict";
const fs = require("fs");
const path = require("path");
const visit = require(path.join(__dirname, "..", "pracbase", "site", "assets", "visit.js"));
const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const requests = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = requests.map(function (request) {
  try {
    const plan = visit.planVisit(data, data.words, request);
    const strip = (s) => Object.assign({}, s, { reasons: s.reasons.map((r) => r.text) });
    return { stops: plan.stops.concat(plan.others).map(strip), route_km: plan.route_km };
  } catch (e) {
    if (e instanceof visit.PlanError) return { error: e.key };
    throw e;
  }
});
process.stdout.write(JSON.stringify(out));
