// Extracts the text of a PDF (all pages, in reading order as pdf.js reports it) with unpdf.
import { extractText, getDocumentProxy } from 'unpdf'

/**
 * Text of every page, pages separated by a blank line. Rejects when the PDF cannot be opened
 * (damaged, encrypted); callers log that and keep the PDF as an attachment.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js may transfer (detach) the buffer it is given; the imported bytes must stay intact.
  // verbosity 0: pdf.js otherwise writes repair warnings for damaged files to the console.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
  try {
    const { text } = await extractText(pdf, { mergePages: false })
    return text.join('\n\n')
  } finally {
    await pdf.destroy()
  }
}
