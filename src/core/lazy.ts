/**
 * A value built on first use and kept: for what a start or most requests never need (e.g. zod schemas of stored state,
 * generated documents), so that importing a module costs nothing (issue #20). `const s = lazy(() => z.object(...))`,
 * then `s().parse(body)`.
 */
export function lazy<T>(build: () => T): () => T {
  let built = false
  let value: T
  return () => {
    if (!built) {
      value = build()
      built = true
    }
    return value
  }
}
