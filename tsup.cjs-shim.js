// Injected into every CommonJS build (tsup.shared.ts): the CJS value of `import.meta.url`, from
// the bundle's own __filename, percent-encoded by pathToFileURL (paths with '#', '%' or spaces).
function fileUrlOf(path) {
  return require('node:url').pathToFileURL(path).href;
}
export const importMetaUrl = /* @__PURE__ */ fileUrlOf(__filename);
