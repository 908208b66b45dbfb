// Generates the GraphQL input classes of the customer commands from proto/customers.proto and the
// gateway's table of what GraphQL adds (CUSTOMER_INPUTS: public names, non-null fields, UUID ids,
// renames, the gateway's own rules). Run by `npm run proto:generate` after the proto types; output
// gateway/src/customers/inputs/generated/customer-commands.inputs.ts (git-ignored, not edited).
// Each proto field becomes a GraphQL field of the same camelCase name and of its type (string →
// String or a UUID `ID`, bool → Boolean, integers → Int, double → Float, enums → the gateway's
// enum of the same name, messages → their nested input); every field is nullable unless the table
// says otherwise; descriptions are the `GraphQL:` lines of the proto comments, `{limit}` being
// CUSTOMER_LIMITS' value. `ctx` and a required `customerId` come from the base classes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Enum, Root, Type, type Field, type ReflectionObject } from 'protobufjs';
import { CUSTOMER_LIMITS } from '@crm/customers-domain';
import { CUSTOMERS_PROTO_PATH } from '@crm/contracts/customers-grpc';
import {
  CUSTOMER_INPUTS,
  type GraphqlInputTable,
} from '../../gateway/src/customers/inputs/customer-inputs.table';

const OUT_FILE = path.resolve(
  __dirname,
  '../../gateway/src/customers/inputs/generated/customer-commands.inputs.ts',
);

const SCALARS: Record<string, [graphql: string, ts: string]> = {
  string: ['String', 'string'],
  bool: ['Boolean', 'boolean'],
  int32: ['Int', 'number'],
  uint32: ['Int', 'number'],
  double: ['Float', 'number'],
};

/** The `GraphQL:` lines of a proto comment, limits filled in; undefined when there are none. */
export function descriptionOf(
  object: ReflectionObject,
  limits: Readonly<Record<string, number>> = CUSTOMER_LIMITS,
): string | undefined {
  const lines = (object.comment ?? '')
    .split('\n')
    .filter((line) => line.startsWith('GraphQL: '))
    .map((line) => line.slice('GraphQL: '.length));
  if (lines.length === 0) return undefined;
  return lines.join(' ').replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = limits[name];
    if (value === undefined) throw new Error(`unknown limit {${name}} in ${object.fullName}`);
    return value.toLocaleString('en-US');
  });
}

/** The TypeScript source of the input classes of `table`, from the proto at `protoPath`. */
export function generateInputs(protoPath: string, table: GraphqlInputTable): string {
  const root = new Root().loadSync(protoPath, { keepCase: false, alternateCommentMode: true });
  root.resolveAll();
  const typeOf = (message: string): Type => {
    const found = root.lookupTypeOrEnum(message);
    if (!(found instanceof Type)) throw new Error(`${message} is not a proto message`);
    return found;
  };
  const inputOf = (message: Type): string => {
    const entry = table.inputs[message.name];
    if (!entry) throw new Error(`no GraphQL input for ${message.name}: add it to the table`);
    return entry[0];
  };
  const enums = new Set<string>();
  const emitted = new Map<string, string>();
  const classes: string[] = [];

  const fieldSource = (message: Type, field: Field, input: string, required: Set<string>) => {
    const renames = table.renames[message.name] ?? {};
    const name = renames[field.name] ?? field.name;
    const nullable = !required.has(name);
    const options = [
      ...(nullable ? ['nullable: true'] : []),
      ...(descriptionOf(field) ? [`description: ${JSON.stringify(descriptionOf(field))}`] : []),
    ];
    const opts = options.length ? `{ ${options.join(', ')} }` : '';
    let decorators: string[];
    let tsType: string;
    const resolved = field.resolvedType;
    if (resolved instanceof Type) {
      tsType = inputOf(resolved);
      const nested = field.repeated ? 'NestedList' : 'Nested';
      decorators = [`@${nested}(() => ${tsType}${opts ? `, ${opts}` : ''})`];
    } else {
      let graphql: string;
      if (resolved instanceof Enum) {
        enums.add(resolved.name);
        graphql = tsType = resolved.name;
      } else if (field.type === 'string' && table.uuidFields.includes(name)) {
        [graphql, tsType] = ['ID', 'string'];
      } else {
        const scalar = SCALARS[field.type];
        if (!scalar) throw new Error(`no GraphQL type for ${field.type} (${field.fullName})`);
        [graphql, tsType] = scalar;
      }
      decorators =
        graphql === 'ID'
          ? [`@UuidField(${opts})`]
          : [
              `@Field(() => ${field.repeated ? `[${graphql}]` : graphql}${opts ? `, ${opts}` : ''})`,
            ];
    }
    const rule = table.rules[`${input}.${name}`];
    if (rule) decorators.push(`@INPUT_RULES.${rule}`);
    const type = field.repeated ? `${tsType}[]` : tsType;
    const declaration = nullable ? `${name}?: ${type} | null;` : `${name}!: ${type};`;
    return [...decorators, declaration].map((line) => `  ${line}`).join('\n');
  };

  const emit = (message: Type): string => {
    const input = inputOf(message);
    const renames = table.renames[message.name] ?? {};
    const fields = message.fieldsArray.map((f) => renames[f.name] ?? f.name).join(',');
    const seen = emitted.get(input);
    if (seen !== undefined) {
      if (seen !== fields) throw new Error(`${message.name} differs from the other ${input}`);
      return input;
    }
    emitted.set(input, fields);
    const required = new Set(table.inputs[message.name]?.[1] ?? []);
    for (const field of message.fieldsArray)
      if (field.resolvedType instanceof Type && field.name !== 'ctx') emit(field.resolvedType);
    const isCommand = message.fields['ctx'] !== undefined;
    const onCustomer = isCommand && required.has('customerId');
    const base = onCustomer
      ? ' extends CustomerCommandInput'
      : isCommand
        ? ' extends CommandInput'
        : '';
    const own = message.fieldsArray.filter(
      (f) => f.name !== 'ctx' && !(onCustomer && f.name === 'customerId'),
    );
    const description = descriptionOf(message);
    classes.push(
      [
        `@InputType(${description ? `{ description: ${JSON.stringify(description)} }` : ''})`,
        `export class ${input}${base} {`,
        ...own.map((field) => fieldSource(message, field, input, required)),
        '}',
      ].join('\n'),
    );
    return input;
  };
  for (const message of Object.keys(table.inputs)) emit(typeOf(message));

  return [
    '// Generated by tools/graphql-inputs/generate-graphql-inputs.ts from proto/customers.proto and',
    '// gateway/src/customers/inputs/customer-inputs.table.ts; do not edit.',
    "import { Field, Float, InputType, Int } from '@nestjs/graphql';",
    ...(enums.size
      ? [`import { ${[...enums].sort().join(', ')} } from '../../models/customer-enums';`]
      : []),
    "import { CommandInput, CustomerCommandInput } from '../shared.inputs';",
    "import { INPUT_RULES, Nested, NestedList, UuidField } from '../validation-rules';",
    '',
    classes.join('\n\n'),
    '',
  ].join('\n');
}

export function generateCustomerInputs(): void {
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, generateInputs(CUSTOMERS_PROTO_PATH, CUSTOMER_INPUTS));
  console.log(`generated GraphQL inputs in ${path.relative(process.cwd(), OUT_FILE)}`);
}

if (require.main === module) generateCustomerInputs();
