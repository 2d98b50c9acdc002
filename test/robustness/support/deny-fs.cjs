// Preload (`node --require deny-fs.cjs ...`) for fault injection in a real CLI or server process.
// chmod 000 does not stop root, so tests make paths unreadable here instead:
//   ATTEST_TEST_DENY='["/abs/file", "/abs/dir"]'   reads of these files / listings of these folders
//                                                  fail with EACCES, as after chmod 000 (stat still works)
//   ATTEST_TEST_VANISH='{"dir": "/abs/dir", "remove": ["/abs/a", ...]}'
//                                                  right after `dir` is first listed, the listed paths
//                                                  are really deleted: files vanish mid-scan.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const deny = new Set(JSON.parse(process.env.ATTEST_TEST_DENY || '[]').map((p) => path.resolve(p)));
const vanish = process.env.ATTEST_TEST_VANISH ? JSON.parse(process.env.ATTEST_TEST_VANISH) : undefined;
let vanished = false;

function eacces(syscall, p) {
  const e = new Error(`EACCES: permission denied, ${syscall} '${p}'`);
  e.code = 'EACCES';
  e.errno = -13;
  e.syscall = syscall;
  e.path = String(p);
  return e;
}

const denied = (p) => typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p) ? deny.has(path.resolve(String(p instanceof URL ? p.pathname : p))) : false;

for (const name of ['readFileSync', 'openSync', 'readdirSync', 'opendirSync']) {
  const orig = fs[name];
  fs[name] = function (p, ...rest) {
    if (denied(p)) throw eacces(name.replace(/Sync$/, '').replace('readFile', 'open'), p);
    const out = orig.call(this, p, ...rest);
    if (name === 'readdirSync' && vanish && !vanished && path.resolve(String(p)) === path.resolve(vanish.dir)) {
      vanished = true;
      for (const r of vanish.remove) fs.rmSync(r, { recursive: true, force: true });
    }
    return out;
  };
}
for (const name of ['readFile', 'open', 'readdir', 'opendir']) {
  const orig = fs.promises[name];
  fs.promises[name] = async function (p, ...rest) {
    if (denied(p)) throw eacces(name, p);
    return orig.call(this, p, ...rest);
  };
}
