// What the bundled CLI loads for `debug` (the diagnostic lines of Express, its router, body-parser and send).
// Why not debug itself, when nothing asks for them: at load it reads the terminal's colour support (supports-color,
// node:tty, node:os) for lines that are only written when the DEBUG environment variable names them, about 2 ms of
// every start (issue #20). debug reads DEBUG once, when it loads, and these packages never enable it otherwise: so
// with DEBUG unset nothing is ever written, and the loggers here do nothing; with DEBUG set, it is debug itself.
'use strict'

function silent (namespace) {
  function debug () {}
  debug.namespace = namespace
  debug.enabled = false
  debug.extend = function (name, delimiter) {
    return silent(namespace + (delimiter === undefined ? ':' : delimiter) + name)
  }
  return debug
}

module.exports = process.env.DEBUG ? require('../node_modules/debug/src/index.js') : silent
