// Export: de-identified training data from clinicians' corrections.
import { Stack, Title } from '@mantine/core'
import { IconFileExport } from '@tabler/icons-react'
import { PageEmpty } from '../../components/PageEmpty'

export function ExportPage() {
  return (
    <Stack>
      <Title order={2}>Export</Title>
      <PageEmpty icon={<IconFileExport size={32} />} title="Nothing to export yet">
        Signed reviews become de-identified training examples (supervised pairs and preference pairs) for the next adapter. Review and sign
        drafts on the Worklist first.
      </PageEmpty>
    </Stack>
  )
}
