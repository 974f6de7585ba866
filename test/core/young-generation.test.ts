// The CLI's young generation grows to its cap and no further (src/core/young-generation.ts; issue #20). V8 flags are
// process-wide, so each case runs in a child process of its own, on the built module.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const MODULE = fileURLToPath(new URL('../../dist/core/young-generation.js', import.meta.url))

/** Keeps some 40 MB of objects alive, in steps that leave the event loop a turn, and reports the new space's size. */
function newSpaceAfterSurvivors(capped: boolean): { newSpace: number; cap: number } {
  const script = `
    import { capYoungGeneration, newSpaceBytes, YOUNG_GENERATION_CAP_BYTES } from ${JSON.stringify(MODULE)}
    if (${capped}) capYoungGeneration()
    const kept = []
    for (let step = 0; step < 40; step++) {
      for (let i = 0; i < 20000; i++) kept.push({ i, text: 'item ' + i })
      await new Promise((resolve) => setImmediate(resolve))
    }
    console.log(JSON.stringify({ newSpace: newSpaceBytes(), cap: YOUNG_GENERATION_CAP_BYTES, kept: kept.length }))
  `
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf-8' })
  expect(child.status, child.stderr).toBe(0)
  return JSON.parse(child.stdout)
}

describe('capYoungGeneration', () => {
  it('lets V8 grow the young generation past the cap when not called (the case the cap is for)', () => {
    const { newSpace, cap } = newSpaceAfterSurvivors(false)
    expect(newSpace).toBeGreaterThan(cap)
  })

  it('holds the young generation at the cap: two semi-spaces of 4 MiB', () => {
    const { newSpace, cap } = newSpaceAfterSurvivors(true)
    expect(cap).toBe(8 * 1024 * 1024)
    expect(newSpace).toBe(cap)
  })
})
