// Testing Library with the app's data layer around every component: a fresh cache per render, so
// no test sees another's answers.
import { QueryClientProvider } from '@tanstack/react-query';
import { render as renderDom, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { newQueryClient } from '../data/client';

export * from '@testing-library/react';

export function render(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) {
  const client = newQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderDom(ui, { wrapper, ...options });
}
