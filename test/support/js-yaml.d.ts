/**
 * The one js-yaml function the tests use. js-yaml is installed as electron-builder's dependency and ships
 * no types of its own (its `@types` package is not installed).
 */
declare module 'js-yaml' {
  export function load(text: string): unknown;
  const yaml: { load: typeof load };
  export default yaml;
}
