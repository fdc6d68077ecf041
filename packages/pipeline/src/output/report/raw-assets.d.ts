// Text files bundled into the code: `import text from './file?raw'` (vite in the tests, the
// `raw-text` esbuild plugin of tsup.config.ts in the build).
declare module '*?raw' {
  const text: string;
  export default text;
}
