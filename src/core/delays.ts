// Named delays ("jdcloud.instance.create") for state transitions: provider defaults, user overrides, changeable at run time.

export class UnknownDelayError extends Error {}

export class Delays {
  private readonly values = new Map<string, number>()

  constructor(defaults: Record<string, number>, overrides: Record<string, number> = {}, fast = false) {
    for (const [name, ms] of Object.entries(defaults)) this.values.set(name, fast ? 0 : ms)
    this.set(overrides)
  }

  get(name: string): number {
    const ms = this.values.get(name)
    if (ms === undefined) throw new UnknownDelayError(`unknown delay "${name}"`)
    return ms
  }

  /** Applies all values or none: an unknown name or a bad value rejects the whole set. */
  set(values: Record<string, number>): void {
    for (const [name, ms] of Object.entries(values)) {
      if (!this.values.has(name)) throw new UnknownDelayError(`unknown delay "${name}"; known: ${[...this.values.keys()].join(', ')}`)
      if (!Number.isInteger(ms) || ms < 0) throw new UnknownDelayError(`delay "${name}" must be a whole number of milliseconds >= 0`)
    }
    for (const [name, ms] of Object.entries(values)) this.values.set(name, ms)
  }

  all(): Record<string, number> {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)))
  }
}
