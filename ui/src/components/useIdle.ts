import { useEffect, useState } from 'react';

const ACTIVITY = ['keydown', 'mousedown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Whether the window has had no input for `minutes` (0: never idle). Input after that does not
 * clear it: the caller decides what ends the idle state (an unlock). */
export function useIdle(minutes: number, paused: boolean): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    // Idle ends when paused (the window locked): unpausing starts a fresh count.
    setIdle(false);
    if (minutes <= 0 || paused) return;
    let timer = window.setTimeout(() => setIdle(true), minutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setIdle(true), minutes * 60_000);
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    return () => {
      window.clearTimeout(timer);
      ACTIVITY.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [minutes, paused]);
  return idle && !paused;
}
