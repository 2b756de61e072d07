// The Export page's settings: which signed reviews (filters), in which formats, split how, written where.
import { Checkbox, Group, MultiSelect, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import type { ReportKind } from '../../../../shared/domain/report'
import { REASON_CODES, REASON_LABELS, type ReasonCode } from '../../../../shared/domain/reasonCodes'
import { EVIDENCE_STANDINGS, EXPORT_FORMATS, OUTCOMES, type EvidenceStanding, type ExportFormat, type Outcome } from '../../../../shared/domain/trainingExport'
import { KIND_OPTIONS } from '../../components/labels'
import type { ExportForm, FormField } from './exportForm'

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  'openai-chat': 'OpenAI / Azure chat SFT',
  'openai-dpo': 'OpenAI / Azure preference (DPO)',
  'trl-sft': 'TRL conversational SFT',
  'trl-prompt-completion': 'TRL prompt-completion SFT',
  'trl-preference': 'TRL preference (chosen/rejected)',
  'trl-kto': 'TRL unpaired preference (KTO)',
}

const STANDING_LABELS: Record<EvidenceStanding, string> = { verified: 'Evidence verified', issues: 'Evidence issues', contradiction: 'Contradicts a rule finding' }

const OUTCOME_LABELS: Record<Outcome, string> = {
  accepted_unchanged: 'Draft accepted unchanged',
  corrected: 'Draft corrected',
  rejected_rewritten: 'Draft rejected, rewritten',
  signed_without_draft: 'Signed without a draft',
}

export function ExportFormFields({ f, problems, onChange, disabled }: { f: ExportForm; problems: Partial<Record<FormField, string>>; onChange: (f: ExportForm) => void; disabled: boolean }) {
  const set = (patch: Partial<ExportForm>) => onChange({ ...f, ...patch })
  return (
    <Stack gap="sm">
      <Text fw={600}>Signed reviews to include</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Signed from" type="date" value={f.from} disabled={disabled} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="export-from" />
        <TextInput label="Signed to" type="date" value={f.to} error={problems.to} disabled={disabled} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="export-to" />
        <TagsInput label="Reviewers" placeholder="usernames; any when empty" value={f.reviewers} disabled={disabled} onChange={(v) => set({ reviewers: v })} data-testid="export-reviewers" />
        <MultiSelect
          label="Report kinds"
          placeholder="any"
          data={KIND_OPTIONS}
          value={f.kinds}
          disabled={disabled}
          onChange={(v) => set({ kinds: v as ReportKind[] })}
          data-testid="export-kinds"
        />
        <MultiSelect
          label="Reason codes"
          placeholder="any"
          data={REASON_CODES.map((c) => ({ value: c, label: REASON_LABELS[c] }))}
          value={f.reasonCodes}
          disabled={disabled}
          onChange={(v) => set({ reasonCodes: v as ReasonCode[] })}
          data-testid="export-reasons"
        />
        <MultiSelect
          label="Evidence standing of the draft"
          placeholder="any"
          data={EVIDENCE_STANDINGS.map((s) => ({ value: s, label: STANDING_LABELS[s] }))}
          value={f.standings}
          disabled={disabled}
          onChange={(v) => set({ standings: v as EvidenceStanding[] })}
          data-testid="export-standings"
        />
        <MultiSelect
          label="Review outcome"
          placeholder="any"
          data={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
          value={f.outcomes}
          disabled={disabled}
          onChange={(v) => set({ outcomes: v as Outcome[] })}
          data-testid="export-outcomes-filter"
        />
        <TagsInput
          label="Model versions"
          description="Base-model SHA-256 of the drafts (first 6+ hex digits)"
          placeholder="any"
          value={f.modelVersions}
          error={problems.modelVersions}
          disabled={disabled}
          onChange={(v) => set({ modelVersions: v })}
          data-testid="export-models"
        />
      </SimpleGrid>
      <Checkbox.Group label="Formats" value={f.formats} error={problems.formats} onChange={(v) => set({ formats: v as ExportFormat[] })}>
        <Group mt={4} gap="md">
          {EXPORT_FORMATS.map((fmt) => (
            <Checkbox key={fmt} value={fmt} label={FORMAT_LABELS[fmt]} disabled={disabled} data-testid={`export-format-${fmt}`} />
          ))}
        </Group>
      </Checkbox.Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Seed" description="Same seed, same split" value={f.seed} error={problems.seed} disabled={disabled} onChange={(e) => set({ seed: e.currentTarget.value })} data-testid="export-seed" />
        <TextInput
          label="Split (train/validation/test %)"
          description="Patients already in a split stay there"
          value={f.split}
          error={problems.split}
          disabled={disabled}
          onChange={(e) => set({ split: e.currentTarget.value })}
          data-testid="export-split"
        />
        <TextInput
          label="Output folder"
          description="Created by the export; must not exist yet"
          placeholder="/srv/ml/readout-export-2026-03"
          value={f.outDir}
          error={f.outDir ? problems.outDir : undefined}
          disabled={disabled}
          onChange={(e) => set({ outDir: e.currentTarget.value })}
          data-testid="export-outdir"
        />
      </SimpleGrid>
    </Stack>
  )
}
