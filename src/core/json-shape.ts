// Shape limits for untrusted JSON-like data (bodies, seeds, state documents): one nesting-depth limit and the keys
// that would reach Object.prototype. Every check here is iterative: deep input can never overflow the stack.

/** The one nesting-depth limit: every JSON, XML and form body, seed and state document (the providers' own bodies nest < 10). */
export const MAX_NESTING_DEPTH = 64

/** Keys that set or reach a prototype when code copies with assignment (Object.assign, merges, path walks). */
export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export interface ShapeProblem {
  kind: 'too_deep' | 'forbidden_key'
  /** Where, as a dotted path from the root ("providers.redistogo.instances.0"). */
  path: string
  message: string
}

interface Frame {
  value: unknown
  depth: number
  parent: Frame | undefined
  key: string
}

function pathOf(frame: Frame | undefined): string {
  const keys: string[] = []
  for (let f = frame; f?.parent; f = f.parent) keys.push(f.key)
  return keys.reverse().join('.')
}

/**
 * The first shape problem of `value`, or undefined: a container nested deeper than `maxDepth` (the root container is
 * depth 1), or an own key in `forbiddenKeys` at any depth.
 */
export function findShapeProblem(
  value: unknown,
  options: { maxDepth?: number; forbiddenKeys?: ReadonlySet<string> } = {},
): ShapeProblem | undefined {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH
  const forbidden = options.forbiddenKeys ?? PROTOTYPE_KEYS
  if (typeof value !== 'object' || value === null) return undefined
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: '' }]
  while (stack.length) {
    const frame = stack.pop()!
    if (frame.depth > maxDepth) {
      const path = pathOf(frame)
      return { kind: 'too_deep', path, message: `nested deeper than ${maxDepth} levels (at ${path || 'the top'})` }
    }
    const node = frame.value as Record<string, unknown>
    const keys = Array.isArray(node) ? undefined : Object.keys(node)
    const length = keys ? keys.length : (node as unknown as unknown[]).length
    for (let i = 0; i < length; i++) {
      const key = keys ? keys[i] : String(i)
      if (keys && forbidden.has(key)) {
        const path = [pathOf(frame), key].filter(Boolean).join('.')
        return { kind: 'forbidden_key', path, message: `the key "${key}" is not accepted (at ${path})` }
      }
      const child = node[key]
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key })
    }
  }
  return undefined
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACKET = 0x5b
const OPEN_BRACE = 0x7b
const CLOSE_BRACKET = 0x5d
const CLOSE_BRACE = 0x7d

/** Whether JSON text (bytes or a string) opens more than `maxDepth` arrays/objects at once: one pass, no parse. */
export function jsonTextTooDeep(text: Uint8Array | string, maxDepth = MAX_NESTING_DEPTH): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = at(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--
  }
  return false
}

/**
 * Whether XML text opens more than `maxDepth` elements at once: counts start and end tags in one pass (comments,
 * CDATA, declarations and self-closing tags do not nest).
 */
export function xmlTextTooDeep(text: string, maxDepth = MAX_NESTING_DEPTH): boolean {
  let depth = 0
  let i = text.indexOf('<')
  while (i >= 0) {
    const next = text.charCodeAt(i + 1)
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      i = end < 0 ? -1 : text.indexOf('<', end + 3)
      continue
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9)
      i = end < 0 ? -1 : text.indexOf('<', end + 3)
      continue
    }
    const close = text.indexOf('>', i + 1)
    if (close < 0) break
    if (next === 0x2f /* / */) depth--
    else if (next !== 0x3f /* ? */ && next !== 0x21 /* ! */ && text.charCodeAt(close - 1) !== 0x2f) {
      if (++depth > maxDepth) return true
    }
    i = text.indexOf('<', close + 1)
  }
  return false
}
