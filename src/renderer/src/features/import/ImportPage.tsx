// Import: bring device reports in from files, folders or an HL7 feed.
import { Stack, Title } from '@mantine/core'
import { IconFileImport } from '@tabler/icons-react'
import { PageEmpty } from '../../components/PageEmpty'

export function ImportPage() {
  return (
    <Stack>
      <Title order={2}>Import</Title>
      <PageEmpty icon={<IconFileImport size={32} />} title="Nothing imported yet">
        Drop HL7, FHIR, ECG XML, CGM or blood-pressure CSV, ASTM and PDF device reports here. Each file is checked, normalised and stored
        unchanged; anything that cannot be read is kept in quarantine with the place it broke.
      </PageEmpty>
    </Stack>
  )
}
