// Parse options for schemas that check a document once (the options at start, stored state at start, a state import, a seed).

/**
 * zod 4 compiles a fast path (new Function) for each object schema on its first parse: worth it for request bodies,
 * parsed again and again, but for the stored-state schemas, each run once per start, it was 70 M instructions of every
 * start from a data dir (issue #20). The result of a parse is the same either way.
 */
export const PARSE_ONCE = { jitless: true } as const
