'use strict';
// Bridge between ConicDsl and SCS compiled to WebAssembly (npm package scs-solver).
// Usage: node scs_runner.js SCS_SOLVER_DIR PROGRAM.json SETTINGS.json RESULT.json
// PROGRAM.json is scs-json/1 (written by ScsJsonFormat): the standard form is SCS's own form (Ax + s = b, s in K,
// K = zero^z x nonneg^l x SOC(q...) x PSD x EXP^ep, P upper triangle in CSC), so the data pass through unchanged and SCS's
// y already has ConicDsl's sign (Px + A'y + c = 0).
// The result goes to a file because SCS prints its log and error messages on stdout.
const fs = require('fs');
const path = require('path');

function write(file, obj) {
  // JSON has no NaN/Infinity; null stands for them and the adapter reads null back as NaN.
  fs.writeFileSync(file, JSON.stringify(obj, (k, v) => (typeof v === 'number' && !isFinite(v) ? null : v)));
}

async function main() {
  const [solverDir, programPath, settingsPath, resultPath] = process.argv.slice(2);
  let createSCS;
  try {
    createSCS = require(path.resolve(solverDir));
  } catch (e) {
    write(resultPath, { status: 'missing', message: 'cannot load scs-solver from ' + solverDir + ': ' + e.message });
    process.exit(3);
  }
  const prog = JSON.parse(fs.readFileSync(programPath, 'utf8'));
  const opts = JSON.parse(fs.readFileSync(settingsPath, 'utf8'));
  const SCS = await createSCS();

  // PROGRAM.json is scs-json/1 (ScsJsonFormat): data and cone are already what SCS.solve takes, including
  // qsize, which the wasm binding reads instead of q.length (without it the SOC rows are silently dropped).
  const data = prog.data;
  const cone = prog.cone;

  const settings = new SCS.ScsSettings();
  SCS.setDefaultSettings(settings);
  settings.epsAbs = opts.eps_abs;
  settings.epsRel = opts.eps_rel;
  if (opts.eps_infeas !== undefined) settings.epsInfeas = opts.eps_infeas;
  settings.maxIters = opts.max_iters;
  if (opts.time_limit !== undefined && opts.time_limit !== null) settings.timeLimitSecs = opts.time_limit;
  settings.verbose = opts.verbose ? 1 : 0;
  // This build has no Anderson acceleration (acceleration_lookback is 0 and aa_init fails without LAPACK), so
  // SCS runs plain Douglas–Rachford; alpha (over-relaxation) is the knob that measurably helps (ScsBackend).
  if (opts.alpha !== undefined) settings.alpha = opts.alpha;

  // A warm start (x, y, s of an earlier round, see ScsBackend) continues from that point with a tighter eps.
  let sol;
  if (opts.warm_start) {
    settings.warmStart = true;
    sol = SCS.solve(data, cone, settings, { x: opts.warm_start.x, y: opts.warm_start.y, s: opts.warm_start.s });
  } else {
    sol = SCS.solve(data, cone, settings);
  }
  write(resultPath, {
    status_val: sol.statusVal,
    status: sol.info ? sol.info.status : String(sol.status),
    iterations: sol.info ? sol.info.iter : 0,
    // The wasm binding drops x, y and s when SCS ends with a certificate, so SCS's own certificate residuals
    // are all the adapter can report then.
    res_infeas: sol.info ? sol.info.resInfeas : null,
    res_unbdd_a: sol.info ? sol.info.resUnbddA : null,
    res_unbdd_p: sol.info ? sol.info.resUnbddP : null,
    x: sol.x || [],
    y: sol.y || [],
    s: sol.s || [],
    version: 'scs-solver ' + require(path.join(path.resolve(solverDir), 'package.json')).version,
  });
}

main().catch((e) => {
  const resultPath = process.argv[5];
  try { write(resultPath, { status_val: -4, status: 'runner error', message: String(e && e.stack || e) }); } catch (_) { }
  process.exit(1);
});
