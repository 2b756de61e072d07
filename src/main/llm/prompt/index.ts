// The prompt module's public surface: template, context builder, renderer.
export { DEFAULT_TEMPLATE } from './defaultTemplate'
export { PLACEHOLDERS, checkTemplate, fillTemplate, messageTemplates, splitTemplate, templateVersion, type Placeholder } from './template'
export {
  chatTemplateFromGguf,
  chatTemplateSha256,
  promptForModel,
  renderChatPrompt,
  type ChatMessage,
  type ChatTemplate,
  type ModelPrompt,
  type PromptFormat,
} from './chatTemplate'
export {
  PROMPT_FORMAT,
  buildPromptContext,
  type PriorReport,
  type PriorReportValue,
  type PromptContext,
  type PromptContextOptions,
} from './context'
export { renderPrompt, type RenderedPrompt } from './render'
export { selectObservations, type ObservationSelection, type ObservationSeries } from './observations'
