// Models: the local base model and LoRA adapters that draft interpretations, the engine that runs them, and batch runs.
import { Loader, Stack, Title } from '@mantine/core'
import { IconCpu } from '@tabler/icons-react'
import { useMemo } from 'react'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageEmpty } from '../../components/PageEmpty'
import { Section } from '../../components/Section'
import { ActiveConfig } from './ActiveConfig'
import { AddModelForm } from './AddModelForm'
import { BatchPanel } from './BatchPanel'
import { EnginePanel } from './EnginePanel'
import { EngineSettings } from './EngineSettings'
import { ModelTable } from './ModelTable'
import { PromptTemplateEditor } from './PromptTemplateEditor'
import { RemoteBackendsSection } from '../remote/RemoteBackendsSection'

export function ModelsPage() {
  const list = useCall('models.list', {})
  const models = list.data?.models
  const config = list.data?.config
  const activeIds = useMemo(
    () => new Set(config ? [...(config.baseModelId === null ? [] : [config.baseModelId]), ...config.adapters.map((a) => a.modelId)] : []),
    [config],
  )
  return (
    <Stack>
      <Title order={2}>Models</Title>
      <AddModelForm />
      {list.isPending && <Loader size="sm" />}
      {list.error && <ErrorAlert error={list.error} title="Could not read the model registry" />}
      {models && models.length === 0 && (
        <PageEmpty icon={<IconCpu size={32} />} title="No model added">
          Enter the path of a base model (a GGUF file) above and press Add, then add the LoRA adapters your ML team trained for it. Readout
          runs them on this workstation; nothing is sent anywhere. Until a model is active, reports show rule findings only.
        </PageEmpty>
      )}
      {models && config && models.length > 0 && (
        <>
          <Section title="Registered models" testId="models-registry">
            <ModelTable models={models} activeIds={activeIds} />
          </Section>
          <ActiveConfig models={models} config={config} />
          <EnginePanel models={models} config={config} />
          <BatchPanel hasBase={config.baseModelId !== null || config.remoteBackendId !== null} />
          <EngineSettings config={config} />
          <PromptTemplateEditor />
        </>
      )}
      {config && <RemoteBackendsSection config={config} />}
    </Stack>
  )
}
