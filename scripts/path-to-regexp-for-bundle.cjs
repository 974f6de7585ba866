// What the bundled CLI loads for `path-to-regexp` (the router's): the package itself, with match() kept per path and
// options. Why: Express's router compiles a matcher for every layer it makes, and a route's every method handler is a
// layer of its own on "/": of the 771 matchers a start compiled, 408 were for "/" and only 132 paths were different
// (issue #20). A matcher is a pure function of its path and options (a RegExp without the g or y flag, which keeps no
// state between calls), so layers with the same ones can share it.
'use strict'
const pathToRegexp = require('../node_modules/path-to-regexp/dist/index.js')

/** Matchers by decode function (the router passes one, always the same), then by path and the other options. */
const matchers = new WeakMap()
const WITHOUT_DECODE = {}

function sharedMatch(path, options = {}) {
  const { decode, ...rest } = options
  // only string paths with plain options: anything else is compiled as the package would
  if (typeof path !== 'string' || Object.values(rest).some((v) => v !== undefined && typeof v !== 'boolean' && typeof v !== 'string')) return pathToRegexp.match(path, options)
  const owner = typeof decode === 'function' ? decode : decode === undefined ? WITHOUT_DECODE : undefined
  if (!owner) return pathToRegexp.match(path, options)
  let byKey = matchers.get(owner)
  if (!byKey) matchers.set(owner, (byKey = new Map()))
  const key = `${path}\u0000${JSON.stringify(rest)}`
  let matcher = byKey.get(key)
  if (!matcher) byKey.set(key, (matcher = pathToRegexp.match(path, options)))
  return matcher
}

module.exports = { ...pathToRegexp, match: sharedMatch }
