/** Sets the window title of a view (`… · Stackport`); views inside a route set their own, more specific title. */
import { useEffect } from 'react';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Stackport`;
  }, [title]);
}
