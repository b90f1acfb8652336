import { GraphQLError } from 'graphql';
import type { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

export const BAD_USER_INPUT = 'BAD_USER_INPUT';

/** The one error shape for refused input: names each field, in French. */
export function badUserInput(fields: FieldError[]): GraphQLError {
  const summary = fields.length === 1 ? fields[0]!.message : `${fields.length} champs sont à corriger.`;
  return new GraphQLError(summary, { extensions: { code: BAD_USER_INPUT, fields } });
}

/** Flattens class-validator errors (nested inputs included) into dotted field paths, one message per field. */
export function fieldErrorsFromValidation(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraints = { ...error.constraints };
    // class-validator's own English sentence for a field the input does not have.
    if (constraints.whitelistValidation) constraints.whitelistValidation = "Ce champ n'est pas attendu ici.";
    const messages = Object.values(constraints);
    if (messages.length) out.push({ field: path, message: messages[messages.length - 1]! });
    if (error.children?.length) out.push(...fieldErrorsFromValidation(error.children, path));
  }
  return out;
}
