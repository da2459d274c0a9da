// Whether an element is on (or near) the screen. Charts off screen skip their SVG work while
// training (16 charts × every metrics flush is most of the page's work); they draw the latest
// data as soon as they scroll into view.
import { useEffect, useRef, useState } from 'react';

export function useInView<T extends Element>(margin = '300px'): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [inView, setInView] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry.isIntersecting), { rootMargin: margin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [margin]);
  return [ref, inView];
}
