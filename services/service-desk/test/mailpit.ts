// What the mail specs read of Mailpit's HTTP API (the shared test mail server): a search, a
// message's text and its headers. Each spec uses its own addresses, so it only sees its own mail.
export interface MailSummary {
  readonly ID: string;
  readonly MessageID: string;
  readonly Subject: string;
  readonly Tags: readonly string[];
}

export function mailpit(baseUrl: string) {
  const get = async <T>(path: string, query?: string): Promise<T> => {
    const url = new URL(path, baseUrl);
    if (query !== undefined) url.searchParams.set('query', query);
    return (await (await fetch(url)).json()) as T;
  };
  return {
    search: async (query: string) =>
      (await get<{ messages: MailSummary[] }>('/api/v1/search', query)).messages,
    text: async (id: string) => (await get<{ Text: string }>(`/api/v1/message/${id}`)).Text,
    headers: (id: string) => get<Record<string, string[]>>(`/api/v1/message/${id}/headers`),
  };
}
