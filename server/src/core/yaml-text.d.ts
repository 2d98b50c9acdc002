// Catalog files are embedded into the bundles as text by esbuild's text loader (the built-in
// catalogs as JSON text: see scripts/build.mjs).
declare module '*.yaml' {
  const text: string;
  export default text;
}
