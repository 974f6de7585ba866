// lowdb adapter: one JSON file, written atomically (temp file + rename) and coalesced so that
// requests arriving together share one serialisation and one write of the latest document.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

export class CoalescingJsonFile<T> implements Adapter<T> {
  private readonly tempFile: string
  private latest: T | null = null
  private waiting: Waiter[] = []
  private writing = false

  constructor(private readonly file: string) {
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`)
  }

  async read(): Promise<T | null> {
    let text: string
    try {
      text = await readFile(this.file, 'utf-8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    try {
      return JSON.parse(text) as T
    } catch (err) {
      throw new Error(`state file ${this.file} is not valid JSON: ${(err as Error).message}`)
    }
  }

  /** Resolves once a write that contains `data` (or a later document) is on disk. */
  write(data: T): Promise<void> {
    this.latest = data
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }))
    if (!this.writing) void this.drain()
    return done
  }

  private async drain(): Promise<void> {
    this.writing = true
    while (this.waiting.length > 0) {
      const batch = this.waiting
      this.waiting = []
      const text = JSON.stringify(this.latest)
      try {
        await mkdir(dirname(this.file), { recursive: true })
        await writeFile(this.tempFile, text, 'utf-8')
        await rename(this.tempFile, this.file)
        for (const w of batch) w.resolve()
      } catch (err) {
        for (const w of batch) w.reject(err)
      }
    }
    this.writing = false
  }
}
