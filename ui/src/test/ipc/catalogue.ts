// The real catalogue, as the app ships it (exported by `cargo test -p sportello-app`).
import type { Catalogue, ServiceDefinition } from '../../api';
import catalogueJson from '../catalogue.json';

export const CATALOGUE = catalogueJson as Catalogue;

export function realService(id: string): ServiceDefinition {
  const found = CATALOGUE.services.find((s) => s.id === id);
  if (!found) throw new Error(`service ${id} is not in the catalogue`);
  return found;
}
