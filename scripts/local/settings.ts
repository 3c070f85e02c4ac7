/** Fixed settings of the local system; nothing here is used in AWS. */
export const LOCAL = {
  port: 3000,
  /**
   * The app listens here unless HOST says otherwise (0.0.0.0 to offer it to the network). DynamoDB
   * Local and local SES are on 127.0.0.1 always (dynamodb-local.ts, ses-local.ts).
   */
  host: '127.0.0.1',
  dynamoPort: 8000,
  sesPort: 8005,
  region: 'ap-northeast-1',
  /** DynamoDB Local and aws-ses-v2-local accept any credentials; the SDK still signs with them. */
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  tableName: 'shinchoku-local',
  /** DynamoDB Local's files, the sign-in key and the published files live under this folder. */
  dataDir: '.data',
  /** Restarts per service before npm start gives up (SHINCHOKU_RESTARTS overrides). */
  maxRestarts: 3,
  mailFrom: 'shinchoku@city.example.jp',
  hqRecipients: ['honbu@city.example.jp'],
} as const;
