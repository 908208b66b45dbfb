// The forecast period of a date, in the form salesForecast takes ("2027-Q1").
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Whether a period is one salesForecast accepts: a quarter (2027-Q1) or a month (2027-03). */
export const isForecastPeriod = (period: string): boolean =>
  /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/.test(period);
