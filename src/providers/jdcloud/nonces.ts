// Replay protection (issue 16): a correctly signed request whose x-jdcloud-nonce was already used inside the allowed
// date window is refused like a bad signature. The memory is bounded: entries expire when the window closes, and a
// hard cap drops the oldest first so a flood of fresh nonces cannot grow it without end.

/** How long a nonce is remembered when the date check is off (reference §5 gives no window; the default skew's). */
export const DEFAULT_NONCE_WINDOW_MS = 900_000
const MAX_REMEMBERED = 100_000

export class NonceMemory {
  /** access key + nonce -> when it may be used again (real wall-clock ms); insertion order ≈ expiry order. */
  private readonly seen = new Map<string, number>()

  constructor(private readonly maxEntries = MAX_REMEMBERED) {}

  /**
   * Records the nonce of a verified request signed at `signedAt`; false when it was already used and is still inside
   * the window (`windowMs` either side of the signing date, the span in which the date check accepts it).
   */
  remember(accessKey: string, nonce: string, signedAt: number, windowMs: number, now = Date.now()): boolean {
    this.expire(now)
    const key = `${accessKey}\u0000${nonce}`
    const until = this.seen.get(key)
    if (until !== undefined && until > now) return false
    this.seen.delete(key)
    this.seen.set(key, Math.max(signedAt, now) + windowMs)
    while (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value as string)
    return true
  }

  get size(): number {
    return this.seen.size
  }

  private expire(now: number): void {
    // Oldest first; entries are appended with a growing deadline (a constant window), so the scan stops early.
    for (const [key, until] of this.seen) {
      if (until > now) break
      this.seen.delete(key)
    }
  }
}
