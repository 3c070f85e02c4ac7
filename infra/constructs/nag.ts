import { Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 matches an acknowledgment only to the exact finding id, and granular findings carry
 * CloudFormation tokens ("AwsSolutions-IAM5[Resource::Shinchoku-prod-Web:ExportsOutput…/*]") that
 * change with logical ids. As cdk-nag 2's NagSuppressions did, a rule-level acknowledgment here
 * also covers that rule's granular findings on the same construct and what it contains.
 */
const pack = NagPack.prototype as unknown as { isAcknowledged(node: IConstruct, id: string): boolean };
const exact = pack.isAcknowledged;
pack.isAcknowledged = function (this: NagPack, node: IConstruct, id: string) {
  return exact.call(this, node, id) || exact.call(this, node, id.replace(/\[.*\]$/, ''));
};

/** Accepts cdk-nag findings on a construct (and what it contains); every one must say why. */
export function acknowledge(scope: IConstruct, findings: { id: string; reason: string }[]): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}
