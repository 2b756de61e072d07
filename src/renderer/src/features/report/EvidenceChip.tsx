// One piece of a draft finding's cited basis as a chip: what the evidence id points at, or that it points at nothing.
import { Badge } from '@mantine/core'
import { IconQuestionMark } from '@tabler/icons-react'
import { hrefTo } from '../../app/routes'
import type { ResolvedEvidence } from './draftEvidence'

const COLOR: Record<ResolvedEvidence['kind'], string> = {
  observation: 'blue',
  finding: 'grape',
  statement: 'cyan',
  metric: 'indigo',
  report: 'gray',
  unknown: 'red',
}

export function EvidenceChip({ evidence: e }: { evidence: ResolvedEvidence }) {
  const common = {
    color: COLOR[e.kind],
    size: 'md',
    tt: 'none',
    fw: 500,
    title: e.kind === 'unknown' ? e.label : `${e.id}: ${e.label}`,
    'data-testid': 'evidence-chip',
    'data-kind': e.kind,
    'data-evidence-id': e.id,
  } as const
  if (e.kind === 'report') {
    return (
      <Badge {...common} variant="outline" component="a" href={hrefTo(`reports/${e.reportId}`)} style={{ cursor: 'pointer' }} onClick={(ev) => ev.stopPropagation()}>
        {e.label}
      </Badge>
    )
  }
  if (e.kind === 'unknown') {
    return (
      <Badge {...common} variant="outline" leftSection={<IconQuestionMark size={12} />}>
        {e.label}
      </Badge>
    )
  }
  return (
    <Badge {...common} variant="light">
      {e.label}
    </Badge>
  )
}
