// The Redis ACL rule text of a Redis Enterprise Redis ACL (reference-more §3.3: `+@all ~*`, `~* +@geo -@dangerous`):
// which tokens it may hold, and the ACL SETUSER arguments it becomes on a real server.

// Redis command categories (ACL CAT on Redis 7/8, plus the module categories Redis Enterprise databases can load).
const CATEGORIES = new Set([
  'all', 'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
  'search', 'json', 'timeseries', 'bloom', 'cuckoo', 'topk', 'cms', 'tdigest',
])

const KEYWORDS = new Set(['allkeys', 'resetkeys', 'allcommands', 'nocommands', 'allchannels', 'resetchannels'])
const CATEGORY = /^[+-]@([a-z]+)$/i
const COMMAND = /^[+-][a-z][a-z0-9_.-]*(\|[a-z0-9_.-]+)?$/i
const KEY_PATTERN = /^(%(R|W|RW)~|~)\S+$/
const CHANNEL_PATTERN = /^&\S+$/

/**
 * Why the rule text is refused, or undefined when it is acceptable. INF (reference-more §3.3 gives no grammar):
 * command, category, key and channel rules only; passwords, on/off, nopass and reset belong to the cluster, which
 * manages users itself, and selectors are not accepted.
 */
export function aclRuleProblem(text: string): string | undefined {
  const tokens = text.trim().split(/\s+/).filter(Boolean)
  if (tokens.length === 0) return 'acl must hold at least one rule'
  for (const token of tokens) {
    const category = CATEGORY.exec(token)
    if (category) {
      if (!CATEGORIES.has(category[1].toLowerCase())) return `Unknown command category '${category[1]}'`
      continue
    }
    if (COMMAND.test(token) || KEY_PATTERN.test(token) || CHANNEL_PATTERN.test(token) || KEYWORDS.has(token.toLowerCase())) continue
    return `Invalid ACL rule '${token}'`
  }
  return undefined
}

/** The rule text as ACL SETUSER arguments. */
export function aclRuleTokens(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean)
}
