import type { Principal } from './auth/principal.ts';
import type { LocalTokens } from './auth/local.ts';
import type { TokenVerifier } from './auth/verifier.ts';
import type { CatalogueSource } from './catalogue-source.ts';
import type { DigestTrigger } from '../digest/trigger.ts';
import type { PublicationFiles } from '../publication/files.ts';
import type { Store } from '../store/store.ts';

export interface AppDeps {
  store: Store;
  verifier: TokenVerifier;
  /** Present only in AUTH_MODE=local: enables POST /api/dev/token. */
  localTokens?: LocalTokens;
  catalogue: CatalogueSource;
  /** HQ's digest preview and "send now"; absent where no digest is configured. */
  digest?: DigestTrigger;
  /** The web app's address, for links in exports and mail. */
  webAppUrl?: string;
  now?: () => Date;
  /** Where 公表 writes open-data files; absent where publication is not configured. */
  publicationFiles?: PublicationFiles;
}

export type AppEnv = { Variables: { principal: Principal; deps: AppDeps } };
