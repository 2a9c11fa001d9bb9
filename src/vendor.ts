/**
 * The third-party libraries the extension and the CLI both use, bundled once into
 * dist/vendor.js instead of into each of dist/extension.js and dist/cli.js (undici alone is about
 * half a megabyte). scripts/build.mjs points every import of these packages in those two bundles
 * here; the keys are the import specifiers. `require`, not `import`: each importer then gets the
 * package's own `module.exports`, exactly what it would get without this file.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const modules: Record<string, unknown> = {
  undici: require('undici'),
  yaml: require('yaml'),
  'ajv/dist/2020': require('ajv/dist/2020'),
  'jsonpath-plus': require('jsonpath-plus'),
};
