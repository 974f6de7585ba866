// Fault-rule path globs: `*` matches within one segment, `**` across segments. Matched by stepping a set of pattern
// positions (a bit set) once per path character: time is path length × pattern words, never exponential, whatever the
// pattern (a regex of `.*` runs backtracks exponentially on `/**********X`).

const WORD = 32

export class Glob {
  /** Bit i: position i is a `*` (stays on any character but "/"), or a `**` (stays on any character). */
  private readonly star: Uint32Array
  private readonly globstar: Uint32Array
  /** Per literal character: the positions whose token is that character. */
  private readonly literal = new Map<number, Uint32Array>()
  /** Tokens: a position per literal character or wildcard; the accepting position is `length`. */
  private readonly length: number
  private readonly words: number

  constructor(readonly source: string) {
    const tokens: (number | '*' | '**')[] = []
    for (let i = 0; i < source.length; ) {
      if (source[i] === '*') {
        let run = 0
        while (source[i] === '*') (run++, i++)
        tokens.push(run === 1 ? '*' : '**')
      } else tokens.push(source.charCodeAt(i++))
    }
    this.length = tokens.length
    this.words = Math.floor(this.length / WORD) + 1
    this.star = new Uint32Array(this.words)
    this.globstar = new Uint32Array(this.words)
    tokens.forEach((token, i) => {
      const bits = token === '*' ? this.star : token === '**' ? this.globstar : this.maskFor(token)
      bits[i >>> 5] |= 1 << (i & 31)
    })
  }

  private maskFor(char: number): Uint32Array {
    let mask = this.literal.get(char)
    if (!mask) this.literal.set(char, (mask = new Uint32Array(this.words)))
    return mask
  }

  /** Adds position i+1 for every active wildcard position i (a wildcard may match nothing); wildcards never neighbour. */
  private close(state: Uint32Array): void {
    let carry = 0
    for (let w = 0; w < this.words; w++) {
      const wild = state[w] & (this.star[w] | this.globstar[w])
      const next = carry
      carry = wild >>> 31
      state[w] |= ((wild << 1) | next) >>> 0
    }
  }

  test(path: string): boolean {
    let state = new Uint32Array(this.words)
    let next = new Uint32Array(this.words)
    state[0] = 1
    this.close(state)
    const none = new Uint32Array(this.words)
    for (let i = 0; i < path.length; i++) {
      const char = path.charCodeAt(i)
      const literal = this.literal.get(char) ?? none
      const slash = char === 0x2f
      let carry = 0
      let any = 0
      for (let w = 0; w < this.words; w++) {
        const advanced = state[w] & literal[w]
        const stay = state[w] & (slash ? this.globstar[w] : this.star[w] | this.globstar[w])
        next[w] = (((advanced << 1) | carry) | stay) >>> 0
        carry = advanced >>> 31
        any |= next[w]
      }
      if (!any) return false
      this.close(next)
      ;[state, next] = [next, state]
    }
    const last = this.length
    return (state[last >>> 5] & (1 << (last & 31))) !== 0
  }
}
