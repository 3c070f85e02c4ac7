import type { DepartmentDirectory } from '../departments/directory.ts';
import type { Principal } from './auth/principal.ts';
import type { TokenVerifier } from './auth/verifier.ts';
import type { PlanRegistry } from '../store/plans.ts';
import type { DigestTrigger } from '../digest/trigger.ts';
import type { PublicationFiles } from '../publication/files.ts';
import type { LargeFiles } from './files.ts';
import type { Store } from '../store/store.ts';
import type { AttachmentFiles } from '../service/attachments.ts';
import type { PermissionTable } from '../domain/permissions/table.ts';

export interface AppDeps {
  store: Store;
  verifier: TokenVerifier;
  /** The plans (計画) and their versions: which plan and version answer for a fiscal year. */
  plans: PlanRegistry;
  /** HQ's digest preview and "send now"; absent where no digest is configured. */
  digest?: DigestTrigger;
  /** The web app's address, for links in exports and mail. */
  webAppUrl?: string;
  /** The one clock; absent: the system clock. */
  now?: () => Date;
  /** Creates sign-in groups for a department HQ adds (Cognito in AWS); absent or no-op locally. */
  departmentDirectory?: DepartmentDirectory;
  /** 課内確認: staff submit to their 所属長 first. On unless turned off (see headConfirmationFromEnv). */
  headConfirmation?: boolean;
  /** Structured logs (Powertools Logger in Lambda); unexpected errors only, never request bodies or names. */
  logger?: { error(message: string, attributes: Record<string, unknown>): void };
  /** Where 公表 writes open-data files; absent where publication is not configured. */
  publicationFiles?: PublicationFiles;
  /** Where exports too large for a Lambda response are handed over; absent: such an export is refused. */
  largeFiles?: LargeFiles;
  /** Where 根拠資料 are kept (LocalAttachmentFiles, S3AttachmentFiles); absent: attaching is refused (503). */
  attachmentFiles?: AttachmentFiles;
  /** Who may do what (functions/domain/permissions/table.ts); absent: the real table. Tests pass a changed one. */
  permissionTable?: PermissionTable;
}

/** The deployment setting HEAD_CONFIRMATION: "off" (or false/0) turns 課内確認 off; unset or anything else keeps it on. */
export function headConfirmationFromEnv(env: Record<string, string | undefined>): boolean {
  return !/^(off|false|0|no)$/i.test(env.HEAD_CONFIRMATION?.trim() ?? '');
}

export type AppEnv = {
  Variables: {
    principal: Principal;
    deps: AppDeps;
    requestId: string;
    /** The shape the route answers its record in, for a 412's `current` (http/translate.ts answersIn); unset on other routes. */
    answerShape?: (record: never) => unknown;
  };
};
