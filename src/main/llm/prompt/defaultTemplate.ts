// The prompt template that ships with Readout (resources/prompts/default-interpretation.txt), inlined at build time.
import text from '../../../../resources/prompts/default-interpretation.txt?raw'

/** The default template's text, exactly as shipped. */
export const DEFAULT_TEMPLATE: string = text
