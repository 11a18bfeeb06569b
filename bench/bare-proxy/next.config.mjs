// The bare app's configuration: next and react from the repository's own node_modules, pages (and this app's proxy)
// in .tsx files only.
export { default } from "../bare/next.config.mjs";
