// Module resolution hook (node:module register): the `electron` specifier resolves to the double.
const doubleUrl = new URL('./electron.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: doubleUrl, shortCircuit: true, format: 'module' };
  return nextResolve(specifier, context);
}
