// Starts yaml-language-server with its fixed 200 ms validation debounce (validationHandlers.js:
// `setTimeout(..., yamlSettings.validationDelayMs)`, not a setting) set to 0, so the benchmark can
// time the validation work itself. Nothing else changes. Usage: node yls-nodelay.mjs <server.js> --stdio
import { pathToFileURL } from 'node:url';

const [serverJs] = process.argv.splice(2, 1);
const original = globalThis.setTimeout;
globalThis.setTimeout = function (fn, ms, ...args) {
  return original(fn, ms === 200 ? 0 : ms, ...args);
};
process.env.YAML_LANGUAGE_SERVER_VERSION ??= 'bench';
await import(pathToFileURL(serverJs).href);
