import type { DepartmentEntry } from '../domain/departments.ts';

/**
 * Where sign-in learns that a department exists. When HQ adds a department for a 関係各課 measure,
 * its staff and its head (所属長) must be able to sign in as it: in AWS that needs the Cognito
 * groups `dept-<code>` and `head-<code>`; locally the dev sign-in reads the assignments, so there is
 * nothing to do.
 */
export interface DepartmentDirectory {
  /** Makes the department's sign-in groups exist; succeeds when they already do. */
  ensureDepartment(department: Pick<DepartmentEntry, 'code' | 'name'>): Promise<void>;
}

/** Local development: the dev sign-in validates against the catalogue and the assignments. */
export const localDepartmentDirectory: DepartmentDirectory = {
  async ensureDepartment() {},
};

/** Staff of a department and its head sign in through these Cognito groups (see auth/principal.ts). */
export const departmentGroups = (code: string) => [
  { name: `dept-${code}`, role: '職員' },
  { name: `head-${code}`, role: '所属長' },
];

/** The part of @aws-sdk/client-cognito-identity-provider this module uses. */
export interface CognitoSdk {
  CognitoIdentityProviderClient: new (config: object) => { send(command: object): Promise<unknown> };
  CreateGroupCommand: new (input: { UserPoolId: string; GroupName: string; Description?: string }) => object;
}

// Loaded on first use (HQ adds a department rarely), so the API's cold start does not pay for the client.
const loadCognitoSdk = async (): Promise<CognitoSdk> => (await import('@aws-sdk/client-cognito-identity-provider')) as unknown as CognitoSdk;

/**
 * Creates a department's groups in the user pool (CreateGroup, twice). The SDK is loaded on first
 * use, so the API's cold start does not pay for it. An existing group (GroupExistsException) is
 * fine: HQ may add a department to a second measure. Other errors are thrown unchanged.
 */
export class CognitoDepartmentDirectory implements DepartmentDirectory {
  private client: Promise<{ sdk: CognitoSdk; client: { send(command: object): Promise<unknown> } }> | undefined;

  constructor(
    private readonly userPoolId: string,
    private readonly loadSdk: () => Promise<CognitoSdk> = loadCognitoSdk,
  ) {}

  async ensureDepartment({ code, name }: Pick<DepartmentEntry, 'code' | 'name'>): Promise<void> {
    this.client ??= this.loadSdk().then((sdk) => ({ sdk, client: new sdk.CognitoIdentityProviderClient({}) }));
    const { sdk, client } = await this.client;
    for (const group of departmentGroups(code)) {
      try {
        await client.send(new sdk.CreateGroupCommand({ UserPoolId: this.userPoolId, GroupName: group.name, Description: `${name}（${group.role}）` }));
      } catch (error) {
        if ((error as { name?: string }).name !== 'GroupExistsException') throw error;
      }
    }
  }
}
