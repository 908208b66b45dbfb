// Proves that every operation of the compiled schema (and every field with its own resolver)
// declares who may call it, by walking the schema and the resolver metadata. A new resolver
// without @AllowRoles / @AllowAnonymous fails here, before review.
import {
  GraphQLSchemaHost,
  RESOLVER_NAME_METADATA,
  RESOLVER_PROPERTY_METADATA,
  RESOLVER_TYPE_METADATA,
} from '@nestjs/graphql';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { GATEWAY_CONTROLLERS, GATEWAY_RESOLVERS } from '../app/gateway.module';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';
import { ALLOW_ANONYMOUS_KEY, ALLOWED_ROLES_KEY } from './allow.decorator';
import { ALL_ROLES, Role } from './role';

interface Handler {
  readonly coordinate: string; // Type.field
  readonly roles: readonly Role[] | undefined;
  readonly anonymous: boolean;
}

function declaredHandlers(): Handler[] {
  const handlers: Handler[] = [];
  for (const resolver of GATEWAY_RESOLVERS) {
    // @Resolver(() => Customer) stores the class (or its thunk); @Resolver() stores nothing useful.
    const classType = Reflect.getMetadata(RESOLVER_TYPE_METADATA, resolver) as
      ((() => { name: string }) & { prototype?: unknown; name: string }) | string | undefined;
    const parentName =
      typeof classType === 'function'
        ? classType.prototype
          ? classType.name
          : classType().name
        : classType;
    const proto = resolver.prototype as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method = proto[key];
      if (key === 'constructor' || typeof method !== 'function') continue;
      const metadataKeys = Reflect.getMetadataKeys(method) as unknown[];
      if (!metadataKeys.includes(RESOLVER_NAME_METADATA)) continue;
      // Nest stores `undefined` as the name when the field is named after the method.
      const name =
        (Reflect.getMetadata(RESOLVER_NAME_METADATA, method) as string | undefined) ?? key;
      const isField = Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method) === true;
      const rootType = Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) as string | undefined;
      const typeName = isField ? parentName : rootType;
      handlers.push({
        coordinate: `${typeName}.${name}`,
        roles: Reflect.getMetadata(ALLOWED_ROLES_KEY, method) as Role[] | undefined,
        anonymous: Reflect.getMetadata(ALLOW_ANONYMOUS_KEY, method) === true,
      });
    }
  }
  return handlers;
}

/** Every root operation of the schema (Query, Mutation, Subscription fields). */
function rootCoordinates(schema: GraphQLSchema): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return roots
    .flatMap((type) => (type ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : []))
    .sort();
}

function schemaHasField(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  return isObjectType(type) && type.getFields()[fieldName] !== undefined;
}

let gw: TestGateway;
let schema: GraphQLSchema;
beforeAll(async () => {
  gw = await startTestGateway();
  schema = gw.app.get(GraphQLSchemaHost).schema;
});
afterAll(() => gw.close());

describe('authorisation coverage', () => {
  const isDeclared = (h: Handler | undefined): boolean =>
    h !== undefined && (h.anonymous || (h.roles !== undefined && h.roles.length > 0));

  test('every operation of the schema has a handler that declares its roles', () => {
    const handlers = new Map(declaredHandlers().map((h) => [h.coordinate, h]));
    const undeclared = rootCoordinates(schema).filter((c) => !isDeclared(handlers.get(c)));
    expect(undeclared).toEqual([]);
    expect(rootCoordinates(schema).length).toBeGreaterThan(25);
  });

  test('every field resolver (ResolveField) declares its roles and is part of the schema', () => {
    const fieldHandlers = declaredHandlers().filter(
      (h) => !/^(Query|Mutation|Subscription)\./.test(h.coordinate),
    );
    expect(fieldHandlers.map((h) => h.coordinate).sort()).toEqual([
      'Customer.loyalty',
      'Customer.marketing',
      'Customer.owner',
      'Customer.sales',
      'Customer.serviceDesk',
      'CustomerChange.customer',
      'Ticket.conversation',
      'Ticket.customer',
      'Ticket.slaClock',
      'Ticket.suggestedArticles',
    ]);
    for (const h of fieldHandlers) {
      expect({
        coordinate: h.coordinate,
        declared: isDeclared(h),
        inSchema: schemaHasField(schema, h.coordinate),
      }).toEqual({ coordinate: h.coordinate, declared: true, inSchema: true });
    }
  });

  test('the schema has the operations the API promises', () => {
    const coordinates = [
      ...rootCoordinates(schema),
      ...declaredHandlers().map((h) => h.coordinate),
    ];
    for (const c of [
      'Query.customer',
      'Query.customers',
      'Query.customerTimeline',
      'Query.checkConsent',
      'Query.importStatus',
      'Query.exportPersonalData',
      'Mutation.login',
      'Mutation.importCustomers',
      'Mutation.mergeCustomers',
      'Mutation.erasePersonalData',
      'Subscription.customerChanged',
      'Subscription.importProgress',
      'Customer.owner',
    ]) {
      expect(coordinates).toContain(c);
    }
  });

  test('only login is anonymous', () => {
    expect(
      declaredHandlers()
        .filter((h) => h.anonymous)
        .map((h) => h.coordinate),
    ).toEqual(['Mutation.login']);
  });

  test('auditors may call every query and no mutation', () => {
    for (const h of declaredHandlers()) {
      if (h.anonymous) continue;
      const auditorAllowed = h.roles?.includes(Role.AUDITOR) ?? false;
      expect({ coordinate: h.coordinate, auditorAllowed }).toEqual({
        coordinate: h.coordinate,
        auditorAllowed: !h.coordinate.startsWith('Mutation.'),
      });
    }
  });

  test('every HTTP route declares its roles (health and the signed unsubscribe link are anonymous, the upload route is not)', () => {
    const routes: string[] = [];
    for (const controller of GATEWAY_CONTROLLERS) {
      const proto = controller.prototype as unknown as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const method = proto[key];
        if (
          key === 'constructor' ||
          typeof method !== 'function' ||
          Reflect.getMetadata('path', method) === undefined
        )
          continue;
        const anonymous =
          (Reflect.getMetadata(ALLOW_ANONYMOUS_KEY, method) ??
            Reflect.getMetadata(ALLOW_ANONYMOUS_KEY, controller)) === true;
        const roles = (Reflect.getMetadata(ALLOWED_ROLES_KEY, method) ??
          Reflect.getMetadata(ALLOWED_ROLES_KEY, controller)) as Role[] | undefined;
        routes.push(
          `${controller.name}.${key}: ${anonymous ? 'anonymous' : (roles ?? []).join(',') || 'UNDECLARED'}`,
        );
      }
    }
    expect(routes.sort()).toEqual([
      'CustomerImportUploadController.status: admin,sales_manager,marketer,auditor',
      'CustomerImportUploadController.upload: admin,sales_manager,marketer',
      'HealthController.health: anonymous',
      'HealthController.ready: anonymous',
      'MarketingTrackingController.click: anonymous',
      'MarketingTrackingController.open: anonymous',
      'MarketingUnsubscribeController.click: anonymous',
      'MarketingUnsubscribeController.oneClick: anonymous',
      'SurveyAnswerController.answer: anonymous',
      'SurveyAnswerController.form: anonymous',
    ]);
  });

  test('role declarations name only known roles', () => {
    for (const h of declaredHandlers())
      for (const role of h.roles ?? []) expect(ALL_ROLES).toContain(role);
  });
});
