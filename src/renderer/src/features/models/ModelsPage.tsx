// Models: the local base model and LoRA adapters that draft interpretations.
import { Stack, Title } from '@mantine/core'
import { IconCpu } from '@tabler/icons-react'
import { PageEmpty } from '../../components/PageEmpty'

export function ModelsPage() {
  return (
    <Stack>
      <Title order={2}>Models</Title>
      <PageEmpty icon={<IconCpu size={32} />} title="No model added">
        Add a base model (a GGUF file) and the LoRA adapters your ML team trained. Readout runs them on this workstation; nothing is sent
        anywhere. Until a model is active, reports show rule findings only.
      </PageEmpty>
    </Stack>
  )
}
