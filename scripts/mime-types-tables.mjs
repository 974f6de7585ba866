// Build step for the bundled CLI: mime-types (Express's MIME lookups) with what it computes at start computed at build
// time, and read when first needed (issue #20).
// - Its two tables (extension -> type, type -> extensions): at each start mime-types ranked every extension of
//   mime-db's 2,500 types twice, about 4 % of a start. They are those very results, taken by running the module here,
//   and are filled in when a lookup first reads them: a start and a JSON answer never do.
// - mime-db itself: once the tables are made, mime-types reads it only for a type's charset (`charset()`, which every
//   JSON answer asks). The module gets the few types that have one instead of the 2,500-type database, about 5 ms of
//   each start with its tables.
// The rest of the module is its own code, unchanged, so every answer is what mime-types itself gives.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const POPULATE = 'populateMaps(exports.extensions, exports.types)\n'
const REQUIRE_DB = "var db = require('mime-db')\n"

/** The source of mime-types' index.js at `path`, with build-time tables and charsets instead of mime-db. */
export function mimeTypesWithTables(path) {
  const source = readFileSync(path, 'utf-8')
  if (source.split(POPULATE).length !== 2 || source.split(REQUIRE_DB).length !== 2) {
    throw new Error(`${path}: mime-types no longer fills its tables with one populateMaps call from mime-db; update scripts/mime-types-tables.mjs`)
  }
  const load = createRequire(path)
  const computed = load(path)
  const db = load('mime-db')
  const charsets = Object.fromEntries(Object.entries(db).flatMap(([type, entry]) => (entry.charset ? [[type, { charset: entry.charset }]] : [])))
  const tables = JSON.stringify({ extensions: computed.extensions, types: computed.types, _extensionConflicts: computed._extensionConflicts })
  return source
    .replace(REQUIRE_DB, `// mime-db's types that have a charset, all charset() reads (scripts/mime-types-tables.mjs)\nvar db = ${JSON.stringify(charsets)}\n`)
    .replace(
      POPULATE,
      [
        '// the tables as populateMaps makes them, computed at build time, filled in on first read (scripts/mime-types-tables.mjs)',
        `var builtTables = ${JSON.stringify(tables)}`,
        'var emptyTables = { extensions: exports.extensions, types: exports.types, _extensionConflicts: exports._extensionConflicts }',
        'function fillTables () {',
        '  if (builtTables === null) return',
        '  var tables = JSON.parse(builtTables)',
        '  builtTables = null',
        '  Object.assign(emptyTables.extensions, tables.extensions)',
        '  Object.assign(emptyTables.types, tables.types)',
        '  Array.prototype.push.apply(emptyTables._extensionConflicts, tables._extensionConflicts)',
        '}',
        'Object.keys(emptyTables).forEach(function (name) {',
        '  Object.defineProperty(exports, name, { enumerable: true, get: function () { fillTables(); return emptyTables[name] } })',
        '})',
        '',
      ].join('\n'),
    )
}

/** The esbuild plugin that loads mime-types that way. */
export const mimeTypesTablesPlugin = {
  name: 'mime-types-tables',
  setup(build) {
    build.onLoad({ filter: /[\\/]mime-types[\\/]index\.js$/ }, (args) => ({ contents: mimeTypesWithTables(args.path), loader: 'js' }))
  },
}
