import 'reflect-metadata';
import { loadConfig } from '@pit/core';
import { createApi } from './bootstrap.js';

const config = loadConfig();
const app = await createApi();
await app.listen(config.apiPort, config.apiHost);
console.log(`api ready on http://${config.apiHost}:${config.apiPort}/graphql`);
