import type { Template } from 'aws-cdk-lib/assertions';

/** One AWS::Lambda::Function of a synthesized template, and the custom resources it is the provider of. */
export interface LambdaRuntime {
  /** Logical id in the template. */
  id: string;
  /** The template's Runtime, e.g. nodejs24.x; undefined for a container image. */
  runtime: string | undefined;
  /** Types (Custom::…) of the custom resources whose ServiceToken is this function. */
  serves: string[];
}

/**
 * Every Lambda function of a template with its runtime, ours and those aws-cdk-lib adds for its own
 * custom resources (BucketDeployment, AwsCustomResource, log retention, auto-delete objects, …) alike.
 * Throws for a custom resource whose ServiceToken is not a function of the same template, so that a
 * provider this cannot see fails the test instead of passing unchecked.
 */
export function lambdaRuntimes(template: Template): LambdaRuntime[] {
  const functions = template.findResources('AWS::Lambda::Function');
  const serves = new Map<string, string[]>(Object.keys(functions).map((id) => [id, []]));
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: { ServiceToken?: unknown } }>;
  for (const [id, resource] of Object.entries(resources)) {
    if (!resource.Type.startsWith('Custom::') && resource.Type !== 'AWS::CloudFormation::CustomResource') continue;
    const token = resource.Properties?.ServiceToken as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const provider = token?.['Fn::GetAtt']?.[0];
    if (!provider || !serves.has(provider)) throw new Error(`${id} (${resource.Type}): provider not found in the template: ${JSON.stringify(token)}`);
    serves.get(provider)!.push(resource.Type);
  }
  return Object.entries(functions).map(([id, fn]) => ({ id, runtime: fn.Properties.Runtime as string | undefined, serves: serves.get(id)! }));
}
