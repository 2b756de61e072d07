// Files dropped outside a drop zone are ignored instead of the window trying to open them as a page.
import { useEffect } from 'react'

export function useIgnoreStrayDrops(): void {
  useEffect(() => {
    // Drop zones call preventDefault themselves (React handlers run before these window listeners).
    const onDragOver = (e: DragEvent) => {
      if (e.defaultPrevented) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none'
    }
    const onDrop = (e: DragEvent) => {
      if (!e.defaultPrevented) e.preventDefault()
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [])
}
