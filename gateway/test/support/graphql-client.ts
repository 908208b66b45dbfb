// A tiny typed GraphQL client for tests: fetch-based queries and mutations, login, and graphql-ws
// subscriptions with a pull-style helper. Used by the gateway's own tests and the platform e2e spec.
import { createClient, type Client } from 'graphql-ws';

export interface GraphQLErrorShape {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: {
    readonly code?: string;
    readonly correlationId?: string;
    readonly fieldErrors?: readonly { field: string; code: string; message: string }[];
    readonly [key: string]: unknown;
  };
}

export interface GraphQLResponse<TData> {
  readonly status: number;
  readonly data: TData | null | undefined;
  readonly errors: readonly GraphQLErrorShape[] | undefined;
  readonly correlationId: string | null;
}

export class GraphQLRequestError extends Error {
  constructor(readonly response: GraphQLResponse<unknown>) {
    super(
      `GraphQL request failed (HTTP ${response.status}): ${(response.errors ?? []).map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('; ')}`,
    );
    this.name = 'GraphQLRequestError';
  }
}

export interface GraphQLClientOptions {
  /** e.g. http://127.0.0.1:4000 (the client appends /graphql). */
  readonly baseUrl: string;
  readonly token?: string | null;
  readonly correlationId?: string;
}

export class GatewayGraphQLClient {
  constructor(private readonly options: GraphQLClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get token(): string | null {
    return this.options.token ?? null;
  }

  withToken(token: string | null): GatewayGraphQLClient {
    return new GatewayGraphQLClient({ ...this.options, token });
  }

  /** Sends an operation and returns status, data and errors as they came, without throwing. */
  async request<
    TData = Record<string, unknown>,
    TVariables extends Record<string, unknown> = Record<string, unknown>,
  >(
    query: string,
    variables?: TVariables,
    extraHeaders: Record<string, string> = {},
  ): Promise<GraphQLResponse<TData>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...extraHeaders,
    };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (this.options.correlationId) headers['x-correlation-id'] = this.options.correlationId;
    const response = await fetch(`${this.options.baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    const text = await response.text();
    let body: { data?: TData | null; errors?: GraphQLErrorShape[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
    }
    return {
      status: response.status,
      data: body.data,
      errors: body.errors,
      correlationId: response.headers.get('x-correlation-id'),
    };
  }

  /** Like request(), but throws GraphQLRequestError on any error and returns the data. */
  async data<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<TData> {
    const response = await this.request<TData>(query, variables);
    if (response.errors?.length || response.data === null || response.data === undefined)
      throw new GraphQLRequestError(response);
    return response.data;
  }

  /** Logs in and returns a client that sends the token. */
  async login(tenant: string, email: string, password: string): Promise<GatewayGraphQLClient> {
    const data = await this.data<{ login: { token: string } }>(
      'mutation Login($input: LoginInput!) { login(input: $input) { token expiresInSeconds user { id } } }',
      { input: { tenant, email, password } },
    );
    return this.withToken(data.login.token);
  }

  /** Opens a graphql-ws connection authenticated with this client's token. Close it with `dispose()`. */
  subscriptions(): Client {
    const url = `${this.options.baseUrl.replace(/^http/, 'ws')}/graphql`;
    return createClient({
      url,
      lazy: true,
      retryAttempts: 0,
      connectionParams: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
    });
  }

  /**
   * Subscribes and returns a pull-style handle: `next(timeoutMs)` resolves with the next result,
   * `close()` ends the subscription and the connection.
   */
  subscribe<TData = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Subscription<TData> {
    const client = this.subscriptions();
    const iterator = client.iterate<TData>({ query, variables });
    return {
      async next(timeoutMs = 10_000) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no subscription result within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        try {
          const result = await Promise.race([iterator.next(), timeout]);
          return result.done ? null : { data: result.value.data, errors: result.value.errors };
        } catch (error) {
          // graphql-ws rejects with the list of errors when the server refuses the operation
          // (validation, limits); a refused connection rejects with its close event instead.
          if (Array.isArray(error)) return { data: null, errors: error as GraphQLErrorShape[] };
          throw error;
        } finally {
          clearTimeout(timer);
        }
      },
      async close() {
        await iterator.return?.();
        await client.dispose();
      },
    };
  }
}

export interface Subscription<TData> {
  /**
   * The next result, or null when the server completed the subscription. Operation errors resolve
   * as `{ data: null, errors }`; a refused connection (no or invalid token: close code 4403) rejects.
   */
  next(timeoutMs?: number): Promise<{
    data: TData | null | undefined;
    errors: readonly GraphQLErrorShape[] | undefined;
  } | null>;
  close(): Promise<void>;
}
