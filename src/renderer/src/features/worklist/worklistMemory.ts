// What the worklist remembers while the app runs (filters, selected row, checked reports, scroll), so "back" from a
// report returns to it.
import { NO_FILTERS, type WorklistFilters } from './filters'

export const worklistMemory: { filters: WorklistFilters; selected: number; checked: ReadonlySet<number>; scrollTop: number } = {
  filters: NO_FILTERS,
  selected: 0,
  checked: new Set(),
  scrollTop: 0,
}
