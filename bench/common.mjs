// What the browser benchmarks share: the median of a run's figures and how they are printed, and
// an intercepted request's JSON answer.

/** The median of the finite figures (NaN when there are none). */
export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** A duration in milliseconds, or "—" when there is none. */
export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "—");

/** A 200 JSON answer for `route.fulfill`. */
export const json = (body, headers = {}) => ({ status: 200, contentType: "application/json", body, headers });
