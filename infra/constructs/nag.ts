import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Accepts cdk-nag findings on a construct and everything inside it. cdk-nag 3 reads these from
 * CDK's own Validations acknowledgments (its NagSuppressions is gone) and matches ids exactly:
 * a rule with several findings is acknowledged finding by finding, the way v2's appliesTo did,
 * e.g. 'AwsSolutions-IAM5[Action::s3:List*]'. Every acknowledgment must say why.
 */
export function acknowledge(scope: IConstruct, findings: readonly { id: string; reason: string }[]): void {
  for (const finding of findings) {
    if (finding.reason.trim().length < 20) throw new Error(`cdk-nag acknowledgment ${finding.id} needs a real reason`);
    Validations.of(scope).acknowledge({ id: finding.id, reason: finding.reason });
  }
}
