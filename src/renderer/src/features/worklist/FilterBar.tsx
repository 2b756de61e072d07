// The worklist filter bar: order (critical first or newest first), search, kind, status, draft, review status, reviewer, my reviews in progress and observed-date range.
import { Button, Group, Input, MultiSelect, SegmentedControl, Select, Switch, TextInput } from '@mantine/core'
import { IconSearch, IconX } from '@tabler/icons-react'
import type { Ref } from 'react'
import { DRAFT_FILTERS, type DraftFilter } from '../../../../shared/contract/reports'
import { REPORT_STATUSES } from '../../../../shared/domain/report'
import { REVIEW_STATUSES } from '../../../../shared/domain/reviewLifecycle'
import { useCall } from '../../api/hooks'
import { KIND_OPTIONS, STATUS_LABELS } from '../../components/labels'
import { useSession } from '../auth/session'
import { REVIEW_STATUS_LABELS } from '../review/reviewStatusLabels'
import { clearFilters, hasFilters, type WorklistFilters, type WorklistSort } from './filters'

const STATUS_OPTIONS = REPORT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))
// As the Draft column reads: reviewers look for drafts whose evidence check failed, or reports the batch could not draft.
const DRAFT_LABELS: Record<DraftFilter, string> = {
  none: 'No draft',
  queued: 'Queued',
  running: 'Drafting',
  failed: 'Not drafted',
  verified: 'Draft ✓',
  issues: 'Draft: issues',
  contradiction: 'Draft: conflict',
}
const REVIEW_OPTIONS = REVIEW_STATUSES.map((s) => ({ value: s, label: REVIEW_STATUS_LABELS[s] }))
const DRAFT_OPTIONS = DRAFT_FILTERS.map((d) => ({ value: d, label: DRAFT_LABELS[d] }))
const SORT_OPTIONS: { value: WorklistSort; label: string }[] = [
  { value: 'triage', label: 'Critical first' },
  { value: 'time', label: 'Newest first' },
]

/** A multiple choice among fixed options (kind, status, draft); nothing chosen means any. */
function Choices<T extends string>(props: {
  label: string
  empty: string
  options: { value: T; label: string }[]
  value: T[]
  onChange: (value: T[]) => void
  w: number
  testId: string
}) {
  return (
    <MultiSelect
      label={props.label}
      placeholder={props.value.length ? undefined : props.empty}
      data={props.options}
      value={props.value}
      // The options are the only values the control can hold.
      onChange={(v) => props.onChange(v as T[])}
      clearable
      size="xs"
      w={props.w}
      data-testid={props.testId}
    />
  )
}

/** Whose reviews: me, or anyone else who reviews. */
function ReviewerSelect({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  const { user } = useSession()
  const reviewers = useCall('users.reviewers', {})
  const others = (reviewers.data ?? []).filter((u) => u.id !== user.id)
  const data = [{ value: String(user.id), label: `Me (${user.displayName})` }, ...others.map((u) => ({ value: String(u.id), label: u.displayName }))]
  return (
    <Select
      label="Reviewer"
      placeholder="Anyone"
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      clearable
      size="xs"
      w={170}
      data-testid="filter-reviewer"
    />
  )
}

export function FilterBar(props: {
  filters: WorklistFilters
  onChange: (f: WorklistFilters) => void
  searchRef: Ref<HTMLInputElement>
}) {
  const { filters: f, onChange } = props
  const set = (patch: Partial<WorklistFilters>) => onChange({ ...f, ...patch })
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Input.Wrapper label="Order" size="xs">
        <SegmentedControl
          size="xs"
          data={SORT_OPTIONS}
          value={f.sort}
          onChange={(v) => set({ sort: v === 'time' ? 'time' : 'triage' })}
          aria-label="Worklist order"
          fullWidth
          data-testid="worklist-sort"
        />
      </Input.Wrapper>
      <TextInput
        ref={props.searchRef}
        label="Search"
        placeholder="Patient, identifier, code, text…  ( / )"
        leftSection={<IconSearch size={14} />}
        value={f.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        w={250}
        size="xs"
        maxLength={200}
        aria-label="Search reports"
        data-testid="worklist-search"
      />
      <Choices label="Kind" empty="All kinds" options={KIND_OPTIONS} value={f.kinds} onChange={(v) => set({ kinds: v })} w={190} testId="filter-kind" />
      <Choices
        label="Status"
        empty="All statuses"
        options={STATUS_OPTIONS}
        value={f.statuses}
        onChange={(v) => set({ statuses: v })}
        w={180}
        testId="filter-status"
      />
      <Choices label="Draft" empty="Any" options={DRAFT_OPTIONS} value={f.drafts} onChange={(v) => set({ drafts: v })} w={170} testId="filter-draft" />
      <Choices
        label="Review"
        empty="Any"
        options={REVIEW_OPTIONS}
        value={f.reviewStatuses}
        onChange={(v) => set({ reviewStatuses: v })}
        w={190}
        testId="filter-review"
      />
      <ReviewerSelect value={f.reviewerId} onChange={(reviewerId) => set({ reviewerId })} />
      <Switch
        label="My reviews in progress"
        checked={f.mine}
        onChange={(e) => set({ mine: e.currentTarget.checked })}
        size="xs"
        mb={6}
        data-testid="filter-mine"
      />
      <TextInput
        label="Observed from"
        type="date"
        value={f.from}
        onChange={(e) => set({ from: e.currentTarget.value })}
        size="xs"
        w={130}
        data-testid="filter-from"
      />
      <TextInput
        label="to"
        type="date"
        value={f.to}
        onChange={(e) => set({ to: e.currentTarget.value })}
        size="xs"
        w={130}
        data-testid="filter-to"
      />
      {hasFilters(f) && (
        <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={() => onChange(clearFilters(f))}>
          Clear filters
        </Button>
      )}
    </Group>
  )
}
