export * from './common.js';
export * from './control.js';
export * from './policy.js';
export * from './config.js';
export * from './catalog.js';
export * from './crosswalk.js';
