// Catalog files are embedded into the bundles as text by esbuild's text loader.
declare module '*.yaml' {
  const text: string;
  export default text;
}
