// How large the CLI lets V8's young generation grow: semi-spaces of 4 MiB, not V8's 16 MiB (issue #20).
import { PerformanceObserver } from 'node:perf_hooks'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/**
 * The new space's size once growth stops: two semi-spaces of 4 MiB (V8 counts both). V8 starts at 1 MiB and doubles
 * the semi-spaces whenever many objects survive a collection, up to 16 MiB, and keeps that size once reached.
 * Measured on this machine (docs/performance-history.md), 20,000 Redis To Go creates at 50 connections:
 * - CPU per create: 924 µs at 1 MiB, 728 at 2, 645 at 4, 614 at 8, 596 at 16 (each collection copies what survives,
 *   and a small young generation collects, and promotes, more often);
 * - RSS after 400 reads of the 8.6 MB list: about 25 MB lower at 4 MiB than at 16 MiB.
 */
export const YOUNG_GENERATION_CAP_BYTES = 2 * 4 * 1024 * 1024

/** Bytes V8 has reserved for the new space (both semi-spaces). */
export function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0
}

/**
 * Lets the young generation grow up to `capBytes`, then holds it there. V8 tells the observer of a collection once the
 * task that made it is over: a single task that keeps more alive than the young generation holds (building every
 * OpenAPI document at once, several MB) can grow it one step past the cap first. Requests keep little each, and a
 * start (zod and the schemas are built on first use, issue #20) leaves it at half the cap. For the CLI only, once it has started: a V8
 * flag changes the whole process, and setting one before Node.js's own modules are loaded makes V8 reject their code
 * cache (they would then be compiled from source: some 90 M instructions per start). V8 reads the growth factor each
 * time it would grow the new space, so the flag takes effect when set at run time.
 */
export function capYoungGeneration(capBytes = YOUNG_GENERATION_CAP_BYTES): void {
  const stopGrowing = () => setFlagsFromString('--semi-space-growth-factor=1')
  if (newSpaceBytes() >= capBytes) return stopGrowing()
  // Growth happens only in a collection: look after each one until the cap is reached, then stop looking.
  const observer = new PerformanceObserver(() => {
    if (newSpaceBytes() < capBytes) return
    observer.disconnect()
    stopGrowing()
  })
  observer.observe({ entryTypes: ['gc'] })
}
