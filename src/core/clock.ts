// The emulator's only source of time: real time plus an offset, or frozen, so tests can drive state machines.

export interface ClockState {
  now: string
  nowMs: number
  frozen: boolean
}

export class Clock {
  private offsetMs = 0
  private frozenAt: number | null = null

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms
    else this.offsetMs += ms
  }

  set(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs
    else this.offsetMs = epochMs - this.realNow()
  }

  freeze(atMs?: number): void {
    this.frozenAt = atMs ?? this.now()
  }

  unfreeze(): void {
    if (this.frozenAt === null) return
    this.offsetMs = this.frozenAt - this.realNow()
    this.frozenAt = null
  }

  isFrozen(): boolean {
    return this.frozenAt !== null
  }

  state(): ClockState {
    const nowMs = this.now()
    return { now: new Date(nowMs).toISOString(), nowMs, frozen: this.isFrozen() }
  }
}
