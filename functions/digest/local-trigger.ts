import type { PlanRegistry } from '../store/plans.ts';
import type { Store } from '../store/store.ts';
import type { Mailer } from './mailer.ts';
import { prepareDigest, sendDigest } from './run.ts';
import type { DigestSettings } from './run.ts';
import type { DigestTrigger } from './trigger.ts';

/** The digest in-process, for the local system (in AWS the API invokes the digest function instead). */
export class InProcessDigestTrigger implements DigestTrigger {
  constructor(
    private readonly deps: { store: Store; plans: PlanRegistry; mailer: Mailer; now?: () => Date },
    private readonly settings: DigestSettings,
  ) {}

  async preview(fiscalYear: number) {
    return prepareDigest({ store: this.deps.store, plans: this.deps.plans }, fiscalYear, this.settings.webAppUrl);
  }

  async send(fiscalYear: number, force: boolean) {
    const { store, mailer, now } = this.deps;
    return sendDigest({ store, mailer, now, plans: this.deps.plans }, this.settings, { fiscalYear, force });
  }
}
