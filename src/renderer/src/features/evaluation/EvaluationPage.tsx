// Evaluation (ml and admin): model versions compared on signed reports. #/evaluation lists the runs and starts one,
// #/evaluation/<id> shows a run's progress and result.
import { Stack, Text, Title } from '@mantine/core'
import { Section } from '../../components/Section'
import { NewRunForm } from './NewRunForm'
import { RunsList } from './RunsList'
import { RunView } from './RunView'

export function EvaluationPage({ id }: { id: number | undefined }) {
  if (id !== undefined) return <RunView key={id} id={id} />
  return (
    <Stack>
      <Title order={2}>Evaluation</Title>
      <Text size="sm" c="dimmed">
        Before clinicians see a new adapter&apos;s drafts: is it better than the version in use, where is it worse, and is it safe? Each run drafts the same
        signed reports with every version and compares them in pairs, with intervals, tests, subgroups and the release gate.
      </Text>
      <NewRunForm />
      <Section title="Evaluation runs" testId="eval-runs-section">
        <RunsList />
      </Section>
    </Stack>
  )
}
