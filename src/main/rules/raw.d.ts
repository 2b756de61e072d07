// Type of Vite's "?raw" imports (the file's text, inlined at build time), used for the bundled default rule file.
declare module '*?raw' {
  const text: string
  export default text
}
