import { parseCatalogue } from '../domain/catalogue/parse.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import type { Store } from './store.ts';

/**
 * The plan as loaded into the table. Read once and kept for a while: it changes only when ops load
 * a corrected seed, and reading ~100 KB on every request would cost more than everything else.
 */
export class CatalogueSource {
  private cached?: { catalogue: Catalogue; hash: string; at: number };

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(): Promise<Catalogue> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.catalogue;
    const stored = await this.store.getPlan();
    if (!stored) throw new Error('計画データが読み込まれていません（npm run seed を実行してください）');
    const catalogue = this.cached?.hash === stored.hash ? this.cached.catalogue : parseCatalogue(stored.plan);
    this.cached = { catalogue, hash: stored.hash, at: Date.now() };
    return catalogue;
  }
}
