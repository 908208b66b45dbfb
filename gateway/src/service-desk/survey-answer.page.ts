// The small HTML pages of the satisfaction survey answer (no script, no external resource). Every
// value placed in them is escaped.

const LABELS = ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'];

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">${body}</body></html>`;
}

/** The confirmation form: the score the customer clicked is chosen; a comment may be added. */
export function surveyFormPage(token: string, score: number | undefined): string {
  const choices = LABELS.map(
    (label, i) =>
      `<label><input type="radio" name="score" value="${i + 1}"${score === i + 1 ? ' checked' : ''} required> ${i + 1} – ${label}</label><br>`,
  ).join('\n');
  return page(
    'How did we do?',
    `<h1>How did we do?</h1><form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">${choices}<p><label>Anything to add? (optional)<br><textarea name="comment" rows="4" cols="40" maxlength="2000"></textarea></label></p><button type="submit">Send my answer</button></form>`,
  );
}

export function surveyMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
