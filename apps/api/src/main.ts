import 'reflect-metadata';
import { loadConfig, requirePaperSupportSecret } from '@pit/core';
import { createApi } from './bootstrap.js';

const config = loadConfig();
requirePaperSupportSecret(config);
const app = await createApi();
await app.listen(config.apiPort, config.apiHost);
console.log(`api ready on http://${config.apiHost}:${config.apiPort}/graphql`);
