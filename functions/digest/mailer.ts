import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SESv2ClientConfig } from '@aws-sdk/client-sesv2';

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  configurationSet?: string;
}

/** Sends mail; the one implementation uses SES v2, locally pointed at aws-ses-v2-local. */
export interface Mailer {
  send(mail: Mail): Promise<{ messageId: string }>;
}

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  /**
   * Throttling and transient errors are retried by the SDK's standard strategy (exponential backoff
   * with jitter) up to maxAttempts; what still fails after that is thrown to the caller.
   */
  constructor(config: SESv2ClientConfig = {}, maxAttempts = 5) {
    this.client = new SESv2Client({ maxAttempts, retryMode: 'standard', ...config });
  }

  async send(mail: Mail): Promise<{ messageId: string }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: mail.to },
        ...(mail.configurationSet ? { ConfigurationSetName: mail.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return { messageId: result.MessageId ?? '' };
  }
}
