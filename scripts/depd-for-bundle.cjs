// What the bundled CLI loads for `depd` (Express's, the router's and http-errors' deprecation notices).
// Why not depd itself: depd() asks V8 for the line and column of its caller when each package loads, which in a
// 2 MB single-file bundle made V8 index every line of it at every start (26 M instructions, about 5 % of a start;
// issue #20), only to name a position in a minified file. This keeps depd's API and its notice, once per message,
// through Node.js's own DeprecationWarning (so --no-deprecation and --throw-deprecation apply), without call sites.
'use strict'

module.exports = function depd (namespace) {
  if (!namespace) throw new TypeError('argument namespace is required')
  const warned = new Set()
  function deprecate (message) {
    if (warned.has(message)) return
    warned.add(message)
    process.emitWarning(`${namespace} deprecated ${message}`, 'DeprecationWarning')
  }
  deprecate.function = function (fn, message) {
    if (typeof fn !== 'function') throw new TypeError('argument fn must be a function')
    const text = message || `${fn.name || '<anonymous>'}()`
    return function () {
      deprecate(text)
      return fn.apply(this, arguments)
    }
  }
  deprecate.property = function (obj, prop, message) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, prop)
    if (!descriptor) throw new TypeError('must call property on owner object')
    if (!descriptor.configurable) throw new TypeError('property must be configurable')
    const text = message || `${String(prop)} property`
    let value = descriptor.value
    Object.defineProperty(obj, prop, {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: descriptor.get
        ? function () { deprecate(text); return descriptor.get.call(this) }
        : function () { deprecate(text); return value },
      set: descriptor.set
        ? function (v) { deprecate(text); return descriptor.set.call(this, v) }
        : function (v) { deprecate(text); value = v },
    })
  }
  return deprecate
}
