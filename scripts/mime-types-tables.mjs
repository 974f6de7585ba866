// Build step for the bundled CLI: mime-types (Express's MIME lookups) with its two tables computed at build time.
// Why: at each start mime-types ranks every extension of mime-db's 2,500 types twice (its score and the legacy rule it
// compares with), about 4 % of a start (issue #20). The tables are those very results, taken by running the module
// here, so every lookup answers as before; the rest of the module is its own code, unchanged.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const POPULATE = 'populateMaps(exports.extensions, exports.types)\n'

/** The source of mime-types' index.js at `path`, its tables filled from build-time results instead of computed. */
export function mimeTypesWithTables(path) {
  const source = readFileSync(path, 'utf-8')
  if (source.split(POPULATE).length !== 2) {
    throw new Error(`${path}: mime-types no longer fills its tables with one populateMaps call; update scripts/mime-types-tables.mjs`)
  }
  const computed = createRequire(path)(path)
  const tables = JSON.stringify({ extensions: computed.extensions, types: computed.types, conflicts: computed._extensionConflicts })
  return source.replace(
    POPULATE,
    `// tables as populateMaps makes them, computed at build time (scripts/mime-types-tables.mjs)\nvar tables = JSON.parse(${JSON.stringify(tables)})\n` +
      'Object.assign(exports.extensions, tables.extensions)\nObject.assign(exports.types, tables.types)\n' +
      'Array.prototype.push.apply(exports._extensionConflicts, tables.conflicts)\n',
  )
}

/**
 * mime-db's table as a string that JSON.parse reads at start, rather than the object literal esbuild makes of a JSON
 * file: V8 reads JSON several times faster than it runs a literal of 2,500 objects (about 2 ms of each start).
 */
export function mimeDbSource(path) {
  return `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(path, 'utf-8'))))})\n`
}

/** The esbuild plugin that loads mime-types and mime-db that way. */
export const mimeTypesTablesPlugin = {
  name: 'mime-types-tables',
  setup(build) {
    build.onLoad({ filter: /[\\/]mime-types[\\/]index\.js$/ }, (args) => ({ contents: mimeTypesWithTables(args.path), loader: 'js' }))
    build.onLoad({ filter: /[\\/]mime-db[\\/]db\.json$/ }, (args) => ({ contents: mimeDbSource(args.path), loader: 'js' }))
  },
}
