/** Fixed settings of the local system; nothing here is used in AWS. */
export const LOCAL = {
  port: 3000,
  dynamoPort: 8000,
  sesPort: 8005,
  region: 'ap-northeast-1',
  /** DynamoDB Local and aws-ses-v2-local accept any credentials; the SDK still signs with them. */
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  tableName: 'shinchoku-local',
  /** Signs development sign-in tokens (AUTH_MODE=local only). */
  tokenSecret: 'shinchoku-local-development-only',
  mailFrom: 'shinchoku@city.higashine.example',
  hqRecipients: ['sogo-seisaku@city.higashine.example'],
} as const;
