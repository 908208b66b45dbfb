// The small HTML pages of the satisfaction survey answer (no script, no external resource). Every
// value placed in them is escaped.

export type SurveyPageKind = 'csat' | 'nps';

/** The scale of each survey: its question and the label of each score. */
const SCALES: Record<
  SurveyPageKind,
  { question: string; scores: { score: number; label: string }[] }
> = {
  csat: {
    question: 'How did we do?',
    scores: ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'].map((label, i) => ({
      score: i + 1,
      label: `${i + 1} – ${label}`,
    })),
  },
  nps: {
    question: 'How likely are you to recommend us to a friend?',
    scores: Array.from({ length: 11 }, (_, score) => ({
      score,
      label:
        score === 0
          ? '0 – not at all likely'
          : score === 10
            ? '10 – extremely likely'
            : String(score),
    })),
  },
};

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
export function surveyFormPage(
  kind: SurveyPageKind,
  token: string,
  score: number | undefined,
): string {
  const { question, scores } = SCALES[kind];
  const choices = scores
    .map(
      (s) =>
        `<label><input type="radio" name="score" value="${s.score}"${score === s.score ? ' checked' : ''} required> ${escapeHtml(s.label)}</label><br>`,
    )
    .join('\n');
  return page(
    question,
    `<h1>${escapeHtml(question)}</h1><form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">${choices}<p><label>Anything to add? (optional)<br><textarea name="comment" rows="4" cols="40" maxlength="2000"></textarea></label></p><button type="submit">Send my answer</button></form>`,
  );
}

export function surveyMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
