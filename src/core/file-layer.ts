// The file-system calls the store makes, behind one small interface: the real one (node:fs/promises), and a seam for
// tests that make a call fail on demand (ENOSPC, EIO, EROFS) to prove what the store does then.
import { mkdir, open, readFile, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises'

/** An open log file: appends go to its end (O_APPEND), truncate cuts it back to a length. */
export interface AppendHandle {
  append(text: string): Promise<void>
  truncate(length: number): Promise<void>
  close(): Promise<void>
}

export interface FileLayer {
  /** undefined when the file does not exist. */
  readText(path: string): Promise<string | undefined>
  writeText(path: string, text: string): Promise<void>
  rename(from: string, to: string): Promise<void>
  mkdirp(path: string): Promise<void>
  /** Removes a file; no error when it does not exist. */
  remove(path: string): Promise<void>
  openAppend(path: string): Promise<AppendHandle>
}

function handleOf(handle: FileHandle): AppendHandle {
  return {
    append: (text) => handle.appendFile(text, 'utf-8'),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  }
}

export const nodeFileLayer: FileLayer = {
  async readText(path) {
    try {
      return await readFile(path, 'utf-8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  },
  writeText: (path, text) => writeFile(path, text, 'utf-8'),
  rename: (from, to) => rename(from, to),
  mkdirp: async (path) => void (await mkdir(path, { recursive: true })),
  async remove(path) {
    try {
      await unlink(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  },
  openAppend: async (path) => handleOf(await open(path, 'a')),
}

/** Errors that mean "the disk cannot take this write now" (full, failing or read-only), as opposed to a bug. */
export const STORAGE_ERROR_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EFBIG', 'ENOENT', 'ENOTDIR'])

export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' ? code : undefined
}
