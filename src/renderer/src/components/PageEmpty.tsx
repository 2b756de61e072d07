// The empty state every page shows before it has content: what will be here, and what to do first.
import { EmptyState } from '@mantine/core'
import type { ReactNode } from 'react'

export function PageEmpty(props: { icon: ReactNode; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <EmptyState icon={props.icon} title={props.title} description={props.children} mt="xl" data-testid="empty-state">
      {props.action}
    </EmptyState>
  )
}
