// The per-instance records of issue 16's groups, kept beside `instances` in the slice: dropped with their instance.
import type { JdcloudSlice } from './model.js'

export function dropInstanceRecords(slice: JdcloudSlice, id: string): void {
  delete slice.clearData?.[id]
  delete slice.analysis?.[id]
  delete slice.resizeTasks?.[id]
}
