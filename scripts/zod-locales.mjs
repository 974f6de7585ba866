// Build step for the bundled CLI: zod with its English messages only.
// Why: zod exports its 60 translations of error messages as `z.locales`, so the bundle held all of them (300 KB of
// the 2.3 MB file), read at every start and part of the code cache (about 2 ms of a start; issue #20). zod itself
// configures English, the only language the emulator's messages are in, from its own en.js; nothing here reads
// `z.locales` (test/bundle-start-costs.test.ts checks the sources).
export const zodEnglishOnlyPlugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js"\n', loader: 'js' }))
  },
}
