// The prompt module's public surface: template, context builder, renderer.
export { DEFAULT_TEMPLATE } from './defaultTemplate'
export { PLACEHOLDERS, checkTemplate, fillTemplate, splitTemplate, templateVersion, type Placeholder } from './template'
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
