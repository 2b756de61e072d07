// Worklist: the reports waiting for review. Until reports exist it explains how to get some.
import { Button, Stack, Title } from '@mantine/core'
import { IconChecklist } from '@tabler/icons-react'
import { navigate } from '../../app/routes'
import { PageEmpty } from '../../components/PageEmpty'

export function WorklistPage() {
  return (
    <Stack>
      <Title order={2}>Worklist</Title>
      <PageEmpty
        icon={<IconChecklist size={32} />}
        title="No reports yet"
        action={<Button onClick={() => navigate('import')}>Import device reports</Button>}
      >
        Imported device reports appear here, most urgent first, with their status and flags. Start by importing files from an ECG cart,
        glucose monitor, blood-pressure cuff or lab analyser on the Import page.
      </PageEmpty>
    </Stack>
  )
}
