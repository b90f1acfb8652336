import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, loadConfig } from '@pit/core';
import { AccountsModule, RolesService } from '@pit/accounts';

// `npm run admin:create -- --email chef@exemple.fr [--pseudonym "Administration"]`
// Creates (or promotes) the account and emails it a link to choose its password: there is no default password.
@Module({ imports: [CoreModule, AccountsModule] })
class AdminCliModule {}

const { values } = parseArgs({ options: { email: { type: 'string' }, pseudonym: { type: 'string', default: 'Administration' } } });
if (!values.email) {
  console.error('usage: npm run admin:create -- --email <address> [--pseudonym <public name>]');
  process.exit(2);
}
const config = loadConfig();
const app = await NestFactory.createApplicationContext(AdminCliModule, { logger: ['error', 'warn'] });
try {
  const result = await app.get(RolesService).createAdmin(values.email, values.pseudonym!);
  console.log(`${result.created ? 'Compte administrateur créé' : 'Rôle administrateur donné au compte existant'} : ${values.email.toLowerCase()}`);
  console.log(`Un lien pour choisir le mot de passe (valable 1 heure) part par courriel dès que le worker tourne.`);
  if (!config.smtpUrl) console.log('Aucun SMTP_URL : le lien apparaît dans le journal du worker ([worker] … email).');
} catch (error) {
  const fields = (error as { extensions?: { fields?: Array<{ message: string }> } }).extensions?.fields;
  console.error(fields ? fields.map((field) => field.message).join('\n') : error);
  process.exitCode = 1;
} finally {
  await app.close();
}
