/**
 * The one zod every shape is written with. zod/mini keeps the Lambda bundles and the web app small
 * (the classic API costs ~90 KB minified); Japanese messages are the default for anything a schema
 * does not word itself.
 */
import { config } from 'zod/mini';
import { ja } from 'zod/locales';

config(ja());
config({
  customError: (issue) => (issue.code === 'unrecognized_keys' ? `受け付けていない項目があります：${issue.keys.join('、')}` : undefined),
});

export * from 'zod/mini';
