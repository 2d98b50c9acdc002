// The test helpers under the name most unit and CLI tests import them by. Each concern has its
// own module; this one only gathers them.
export * from './paths.mjs';
export * from './dates.mjs';
export * from './positions.mjs';
export * from './workspaces.mjs';
export * from './core.mjs';
export * from './cli.mjs';
